"""What several commands share: building the coder from the command line's options."""

from __future__ import annotations

import sys


class CommandError(Exception):
    """Already reported on stderr; the command exits with status 2."""


def coder_from_args(args):
    """A Coder from --config, --model, --processes, --actors and --verbs; a bad option is one line on stderr."""
    from dyad.config import ConfigError, load_config
    from dyad.pipeline import Coder

    try:
        config = load_config(
            args.config,
            model=args.model,
            processes=args.processes,
            actor_files=[*getattr(args, "actors", [])] or None,
            verb_files=[*getattr(args, "verbs", [])] or None,
        )
        return Coder(config)
    except (ConfigError, OSError, ValueError, RuntimeError) as error:
        print(f"dyad: {error}", file=sys.stderr)
        raise CommandError from error
