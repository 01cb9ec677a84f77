"""``talentgraph admin ...``: accounts, tokens and keys, on the database named by
TALENTGRAPH_DATABASE_URL (created and migrated if new)."""

from __future__ import annotations

import os

import typer

from talentgraph.errors import ParameterError

admin_app = typer.Typer(
    help="Accounts, API tokens and encryption keys of the workspace (the database in "
         "TALENTGRAPH_DATABASE_URL, default DATA_DIR/talentgraph.db; created if new).",
    no_args_is_help=True)

ROLE_HELP = "admin, hr, recruiter, hiring_manager or employee."


def _open() -> object:
    from talentgraph.services._workspace import open_workspace
    from talentgraph.settings import get_settings

    return open_workspace(get_settings())


@admin_app.command("create-user")
def create_user_command(
    username: str = typer.Argument(..., help="Login name (letters, digits, . _ @ -)."),
    role: str = typer.Option(..., "--role", help=ROLE_HELP),
    display_name: str = typer.Option("", "--name", help="Name shown in the app."),
) -> None:
    """Add a local account. The password comes from TALENTGRAPH_PASSWORD, else it is asked for.

    Example:  TALENTGRAPH_PASSWORD=... talentgraph admin create-user alice --role hr
    """
    from talentgraph.domain import SYSTEM
    from talentgraph.services._accounts import create_user

    password = os.environ.get("TALENTGRAPH_PASSWORD")
    if not password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    db = _open()
    with db.session() as session:  # type: ignore[attr-defined]
        user = create_user(session, username=username, password=password, role=role,
                           display_name=display_name, actor=SYSTEM)
        print(f"Created user {user.username!r} (id {user.id}, role {user.role}).")


@admin_app.command("create-token")
def create_token_command(
    username: str = typer.Argument(..., help="Whose token it is."),
    name: str = typer.Option("", "--name", help="What the token is for (shown in lists)."),
    read_only: bool = typer.Option(False, "--read-only", help="Only GET requests."),
) -> None:
    """Print a new API token for USERNAME (shown once; send `Authorization: Bearer TOKEN`)."""
    from talentgraph.domain import SYSTEM
    from talentgraph.services._accounts import create_token, get_user

    db = _open()
    with db.session() as session:  # type: ignore[attr-defined]
        user = get_user(session, username=username)
        new = create_token(session, user=user, actor=SYSTEM, name=name,
                           scopes=("read",) if read_only else ("read", "write"))
    print(new.token)


@admin_app.command("generate-key")
def generate_key_command() -> None:
    """Print a new encryption key (for TALENTGRAPH_ENCRYPTION_KEYS)."""
    from talentgraph.store import generate_key

    print(generate_key())


@admin_app.command("rotate-key")
def rotate_key_command(
    new_key: str = typer.Option(
        "", "--new-key", help="The key to encrypt with from now on (default: a new one)."),
) -> None:
    """Re-encrypt every piece of personal data under a new key.

    Without TALENTGRAPH_ENCRYPTION_KEYS (development), the key file is updated. With it, set
    the variable to the printed key afterwards (the old key is no longer needed).
    """
    from talentgraph.domain import SYSTEM
    from talentgraph.services._privacy import rotate_keys
    from talentgraph.services._workspace import encryption_keys, key_file
    from talentgraph.settings import get_settings
    from talentgraph.store import generate_key, open_database

    settings = get_settings()
    old = encryption_keys(settings)
    key = new_key or generate_key()
    if key in old[:1]:
        raise ParameterError("The new key is the key in use already.")
    db = open_database(settings.resolved_database_url, keys=[key, *old])
    report = rotate_keys(db, new_keys=[key, *old], actor=SYSTEM)
    db.dispose()
    if not settings.encryption_keys:
        path = key_file(settings)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(key + "\n", encoding="ascii")
        tmp.chmod(0o600)
        tmp.replace(path)
        print(f"Rotated: {report}. The key file {path} now holds the new key.")
    else:
        print(f"Rotated: {report}.\nSet TALENTGRAPH_ENCRYPTION_KEYS={key}")


def register(app: typer.Typer) -> None:
    """Add the ``admin`` group."""
    app.add_typer(admin_app, name="admin")
