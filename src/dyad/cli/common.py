"""What several commands share: building the coder from the command line's options."""

from __future__ import annotations


def coder_from_args(args):
    """A Coder from --config, --model, --processes, --actors and --verbs.

    A bad option or file raises a :class:`dyad.errors.DyadError`, which ``dyad`` prints as one line."""
    from dyad.config import load_config
    from dyad.gcpause import paused_collection
    from dyad.pipeline import Coder

    config = load_config(
        args.config,
        model=args.model,
        processes=args.processes,
        actor_files=[*getattr(args, "actors", [])] or None,
        verb_files=[*getattr(args, "verbs", [])] or None,
    )
    # the dyad program's coder lives as long as the process: frozen out of the collector's walks
    with paused_collection(freeze=getattr(args, "own_process", False)):
        return Coder(config)
