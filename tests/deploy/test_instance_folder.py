"""What servers starting together write into an instance folder: one secret key, whole catalogues."""
from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

from quality_assess.config import instance_secret_key


def _key(folder: str) -> str:
    return instance_secret_key(Path(folder))


def test_workers_starting_at_once_on_a_new_instance_folder_agree_on_one_private_key(tmp_path):
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        keys = pool.map(_key, [str(tmp_path)] * 24)
    assert len(set(keys)) == 1 and len(keys[0]) == 64  # a session signed by one worker is good on every other
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left behind


def test_a_kept_key_is_reused(tmp_path):
    first = instance_secret_key(tmp_path)
    assert instance_secret_key(tmp_path) == first
