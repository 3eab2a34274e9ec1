"""The course's shared package: machinery at the top level, one lesson package per notebook in `lessons`."""

from utils.environment import setup
from utils.profile import Profile, profile
from utils.seeding import seed_everything
from utils.source import show_source
from utils.tf_import import import_tensorflow

__all__ = ["Profile", "import_tensorflow", "profile", "seed_everything", "setup", "show_source"]
