"""The source articles' concept maps as edge lists (node names are the course's English paraphrases)."""

from __future__ import annotations

# Article 000: a closed loop in which a platform advantage offsets the cost of research.
PLATFORM_LOOP: list[tuple[str, ...]] = [
    ("Market demand", "Technical barriers", "draws rivals, raises"),
    ("Technical barriers", "R&D cost", "push up"),
    ("R&D cost", "Platform advantage", "is offset by"),
    ("Platform advantage", "Competitiveness", "strengthens"),
    ("Competitiveness", "Commercial success", "turns into"),
    ("Commercial success", "User needs", "surfaces new"),
    ("User needs", "Market demand", "feed"),
]

# Article 002: hiring feeds training and knowledge sharing, which build the team that ships.
TALENT_FLOW: list[tuple[str, ...]] = [
    ("Big-model startup", "Hiring"),
    ("Hiring", "Training people"),
    ("Hiring", "Knowledge sharing"),
    ("Training people", "Stronger skills"),
    ("Knowledge sharing", "Accumulated experience"),
    ("Stronger skills", "Strong technical team"),
    ("Accumulated experience", "Strong technical team"),
    ("Strong technical team", "Product development"),
    ("Product development", "Go-to-market"),
    ("Go-to-market", "Commercial success"),
]

# Article 003: outside resources ("social advantages") above the model's technical ingredients.
SOCIAL_GRAPH: list[tuple[str, ...]] = [
    ("Social advantages", "Big AI model"),
    ("Social advantages", "Technology"),
    ("Social advantages", "Talent"),
    ("Social advantages", "Capital"),
    ("Big AI model", "Deep learning"),
    ("Big AI model", "Datasets"),
    ("Deep learning", "Neural networks"),
    ("Neural networks", "Activation functions"),
    ("Neural networks", "Loss functions"),
    ("Datasets", "Image data"),
    ("Datasets", "Text data"),
    ("Datasets", "Speech data"),
]

# Article 001: a technology branch and a business branch. The article chains language, image and
# speech recognition one after another; they are parallel uses of deep learning, drawn as siblings.
BUBBLE_MAP: list[tuple[str, ...]] = [
    ("Big AI models", "Neural networks"),
    ("Neural networks", "Deep learning"),
    ("Deep learning", "Language (NLP)"),
    ("Deep learning", "Image recognition"),
    ("Deep learning", "Speech recognition"),
    ("Big AI models", "Compute"),
    ("Compute", "Datasets"),
    ("Datasets", "Algorithm tuning"),
    ("Algorithm tuning", "Business model"),
    ("Business model", "Market demand"),
    ("Market demand", "Investment boom"),
]

# name -> (title, edges, layout) for drawing all four the same way.
ARTICLE_MAPS: dict[str, tuple[str, list[tuple[str, ...]], str]] = {
    "platform (000)": ("Article 000: the platform-advantage loop", PLATFORM_LOOP, "auto"),
    "talent (002)": ("Article 002: the talent-advantage flow", TALENT_FLOW, "auto"),
    "social (003)": ("Article 003: the social-advantage graph", SOCIAL_GRAPH, "layered-down"),
    "bubble or gold mine (001)": ("Article 001: bubble or gold mine?", BUBBLE_MAP, "auto"),
}
