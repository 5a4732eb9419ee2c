"""`python -m demo` arguments: base URLs are SERVICE=URL pairs of known services, else a usage error."""

from __future__ import annotations

import pytest

from demo.__main__ import parse


def test_base_urls_replace_the_defaults_of_the_services_named():
    args = parse(["--base-urls", "registry=http://10.0.0.5:8001"])
    assert args.urls["registry"] == "http://10.0.0.5:8001" and args.urls["credit"] == "http://127.0.0.1:8003"


@pytest.mark.parametrize("pair, said", [("registry", "SERVICE=URL pairs"), ("nowhere=http://x", "services are")])
def test_a_pair_without_a_url_or_of_an_unknown_service_is_a_usage_error(pair, said, capsys):
    with pytest.raises(SystemExit) as exit_:
        parse(["--base-urls", pair])
    assert exit_.value.code == 2 and said in capsys.readouterr().err
