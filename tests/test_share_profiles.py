"""Profiles and regions to pick from: what botocore sees, sorted, read from local files only."""

from __future__ import annotations

import os
from pathlib import Path

import botocore.session
import pytest

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.share.profiles import Profile, profiles, regions

CONFIG = """\
[default]
region = us-east-1

[profile oncall]
region = eu-west-1

[profile sso-admin]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Admin
region = ap-southeast-2

[profile legacy-sso]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile evil\x1b]0;pwned\x07]
region = us-west-2

[profile Alpha]
region = eu-\x1b[2J
"""
CREDENTIALS = "[ci-bot]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n"


def write_config(tmp_path: Path) -> None:
    (tmp_path / "aws-config").write_text(CONFIG)
    (tmp_path / "aws-credentials").write_text(CREDENTIALS)
    assert os.environ["AWS_CONFIG_FILE"] == str(tmp_path / "aws-config")  # the autouse fixture


def test_profiles_of_config_and_credentials_sorted_sso_marked(tmp_path: Path) -> None:
    write_config(tmp_path)
    assert profiles() == (
        Profile("Alpha", None, False),  # its region holds escapes: not shown
        Profile("ci-bot", None, False),
        Profile("default", "us-east-1", False),
        Profile("legacy-sso", None, True),
        Profile("oncall", "eu-west-1", False),
        Profile("sso-admin", "ap-southeast-2", True),
    )


def test_the_same_names_botocore_lists_less_the_unprintable_one(tmp_path: Path) -> None:
    write_config(tmp_path)
    seen = set(botocore.session.Session().available_profiles)
    assert {p.name for p in profiles()} == seen - {"evil\x1b]0;pwned\x07"}


def test_a_profile_added_later_shows_without_a_restart(tmp_path: Path) -> None:
    write_config(tmp_path)
    before = {p.name for p in profiles()}
    with (tmp_path / "aws-config").open("a") as config:
        config.write("\n[profile newcomer]\nregion = eu-north-1\n")
    assert {p.name for p in profiles()} == before | {"newcomer"}


def test_no_config_at_all_is_no_profile() -> None:
    assert profiles() == ()


def test_an_unreadable_config_says_so(tmp_path: Path) -> None:
    (tmp_path / "aws-config").write_text("[profile broken\nregion = x\n")
    with pytest.raises(SourceError) as caught:
        profiles()
    assert caught.value.kind is ErrorKind.PROFILE_NOT_FOUND
    assert "aws-config" in caught.value.message


def test_regions_are_where_ssm_contacts_exists_sorted() -> None:
    found = regions()
    assert list(found) == sorted(found)
    assert {"us-east-1", "eu-west-1", "ap-southeast-2"} <= set(found)
    every = set(botocore.session.Session().get_available_regions("ec2"))
    assert set(found) < every  # fewer than EC2's: not just every region
    assert found == tuple(sorted(botocore.session.Session().get_available_regions("ssm-contacts")))
