"""The chapter's Binder link, built from the repository settings in _config.yml."""

from pathlib import Path

import yaml

CONFIG = Path(__file__).resolve().parents[2] / "_config.yml"
CHAPTER = "book/02_activations.md"


def chapter_links(config_path: Path = CONFIG) -> dict:
    """Binder launch URL for this chapter, opening it in JupyterLab."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    repo_url = config["repository"]["url"].rstrip("/")
    branch = config["repository"].get("branch", "main")
    binderhub = config.get("launch_buttons", {}).get("binderhub_url", "https://mybinder.org").rstrip("/")
    owner_repo = repo_url.removeprefix("https://github.com/")
    return {
        "binder_url": f"{binderhub}/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{CHAPTER}",
    }
