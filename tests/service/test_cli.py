"""``eva key`` writes only a hash; ``eva serve`` refuses a bad store or key file in one line, before serving."""

import json

from typer.testing import CliRunner

from eva_core.cli._app import app
from eva_core.service import KeyRing, Role, hash_key

runner = CliRunner()


def test_eva_key_prints_the_key_once_and_keeps_only_its_hash(tmp_path):
    keys = tmp_path / "sleutels.json"

    result = runner.invoke(
        app, ["key", "--naam", "balie", "--organisatie", "org-a", "--rol", "professional", "--sleutels", str(keys)]
    )

    assert 0 == result.exit_code, result.output
    key = result.output.strip().splitlines()[-1]
    assert key.startswith("eva_")
    stored = keys.read_text(encoding="utf-8")
    assert key not in stored
    assert hash_key(key) == json.loads(stored)["keys"][0]["sha256"]
    found = KeyRing.load(keys).find(key)
    assert (found.organisation, found.role) == ("org-a", Role.PROFESSIONAL)
    assert 0o600 == keys.stat().st_mode & 0o777


def test_eva_key_refuses_an_unknown_role_and_a_name_twice(tmp_path):
    keys = tmp_path / "sleutels.json"
    arguments = ["key", "--naam", "balie", "--organisatie", "org-a", "--sleutels", str(keys)]

    assert 1 == runner.invoke(app, [*arguments, "--rol", "baas"]).exit_code
    assert 0 == runner.invoke(app, [*arguments, "--rol", "beheerder"]).exit_code
    again = runner.invoke(app, [*arguments, "--rol", "beheerder"])
    assert 1 == again.exit_code
    assert again.output.startswith("eva: ")


def test_eva_serve_refuses_a_store_it_cannot_open_in_one_line(tmp_path):
    result = runner.invoke(app, ["serve", "--uit", "geen-opslag://x", "--sleutels", str(tmp_path / "k.json")])

    assert 1 == result.exit_code
    assert result.output.startswith("eva: ")
    assert 1 == len(result.output.strip().splitlines())
