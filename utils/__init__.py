"""The course's shared package: profile, seeding, start-up, data, plots, widgets, results, exercises."""
from utils.environment import import_tensorflow, setup
from utils.profile import Profile, profile
from utils.seeding import seed_everything

__all__ = ["Profile", "import_tensorflow", "profile", "seed_everything", "setup"]
