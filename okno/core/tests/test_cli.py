"""The `okno` command: its help, the arguments of each subcommand, and `manage` pass-through."""

from pathlib import Path

import polib
import pytest

from okno import cli
from okno.demo.seed import DEMO_LOGINS, DEMO_PASSWORD

SUBCOMMANDS = (
    "demo",
    "serve",
    "worker",
    "seed",
    "manage",
    "exchange",
    "import-finance",
    "compile-messages",
)


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert name in out


def test_a_subcommand_is_required(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.build_parser().parse_args([])
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["demo"], {"handler": cli.cmd_demo, "host": "127.0.0.1", "port": 8000}),
        (["demo", "--port", "8765"], {"port": 8765}),
        (
            ["serve", "--workers", "4", "--threads", "8"],
            {"handler": cli.cmd_serve, "workers": 4, "threads": 8, "asgi": False},
        ),
        (["serve", "--asgi", "--port", "8001"], {"asgi": True, "port": 8001}),
        (["worker", "--workers", "3"], {"handler": cli.cmd_worker, "workers": 3}),
        (["seed"], {"handler": cli.cmd_seed, "scale": "small"}),
        (["seed", "--scale", "large"], {"scale": "large"}),
        (["compile-messages"], {"handler": cli.cmd_compile_messages}),
        (
            ["manage", "migrate", "--plan"],
            {"handler": cli.cmd_manage, "args": ["migrate", "--plan"]},
        ),
    ],
)
def test_arguments_of_each_subcommand(argv, expected):
    options = cli.build_parser().parse_args(argv)
    for name, value in expected.items():
        assert getattr(options, name) == value, name


@pytest.mark.parametrize(
    "argv", [["seed", "--scale", "huge"], ["demo", "--port", "eighty"], ["serve", "--workers", "x"]]
)
def test_bad_arguments_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.build_parser().parse_args(argv)
    assert exit_info.value.code == 2
    assert "error" in capsys.readouterr().err


def test_manage_passes_everything_to_django(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "cmd_manage", lambda options: seen.append(options.args))
    cli.main(["manage", "--help"])
    cli.main(["manage", "showmigrations", "--list", "clients"])
    assert seen == [["--help"], ["showmigrations", "--list", "clients"]]


def test_welcome_shows_the_url_and_every_demo_login(capsys):
    cli._print_welcome("127.0.0.1", 8765)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8765/" in out
    assert DEMO_PASSWORD in out
    for login, _role in DEMO_LOGINS:
        assert login in out


def test_compile_messages_writes_mo_files_without_gnu_gettext(tmp_path: Path):
    po_path = tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgid="Клиенты", msgstr="Clients"))
    catalogue.append(polib.POEntry(msgid="Договор", msgstr="Treaty", flags=["fuzzy"]))
    catalogue.save(str(po_path))
    cli.compile_messages(tmp_path)
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    # Like msgfmt, a fuzzy (unchecked) translation is left out.
    assert {e.msgid: e.msgstr for e in compiled} == {"Клиенты": "Clients"}
