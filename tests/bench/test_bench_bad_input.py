"""Bad input to `embodia bench`: one clear line, exit code 2, and no run folder that looks like a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from embodia.cli import main


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_:  # argparse errors exit; EmbodiaErrors return 2
        raise SystemExit(main(["bench", *argv]))
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("embodia: error:") and "Traceback" not in captured.err
    return lines[0]


@pytest.mark.parametrize(("argv", "expected"), [
    (("--suite", "tinyy"), "unknown suite 'tinyy'; did you mean: tiny"),
    (("--suite", "tiny", "--brain", "gpt-99"), "unknown brain 'gpt-99'; valid: builtin"),
    (("--suite", "tiny", "--mode", "yolo"), "invalid choice: 'yolo' (choose from 'plan', 'stepwise', 'fullplan')"),
    (("--suite", "tiny", "--seeds", "5..2"), "bad --seeds '5..2'; need 0 <= A <= B"),
    (("--suite", "tiny", "--seeds", "zero..one"), "bad --seeds 'zero..one'; expected A..B"),
    (("--suite", "tiny", "--workers", "0"), "--workers must be at least 1"),
    (("--suite", "tiny", "--ray", "127.0.0.1:1"), "cannot reach the Ray cluster at 127.0.0.1:1"),
    (("--suite", "tiny", "--ray", "nowhere"), "bad Ray address 'nowhere'"),
    ((), "--suite is required (known: smoke, tiny"),
    (("--workers", "x"), "argument --workers: invalid int value"),
])
def test_bad_input_is_one_line_and_leaves_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   argv: tuple[str, ...], expected: str) -> None:
    out = tmp_path / "run"
    message = fails(capsys, *argv, "--out", str(out)) if argv else fails(capsys)
    assert expected in message
    assert not out.exists()


def test_unwritable_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    message = fails(capsys, "--suite", "tiny", "--out", str(blocker / "run"))
    assert "is not writable" in message and "--out" in message


def test_non_empty_folder_without_a_run_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert "is not empty and holds no benchmark run" in fails(capsys, "--suite", "tiny", "--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_resume_with_nothing_to_resume(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "nothing to resume" in fails(capsys, "--resume", "--out", str(tmp_path / "none"))
    assert "--resume needs --out" in fails(capsys, "--resume")


def test_compare_and_report_need_run_folders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "holds no benchmark run" in fails(capsys, "compare", str(tmp_path), str(tmp_path))
    assert "holds no benchmark run" in fails(capsys, "report", str(tmp_path))
    assert "the following arguments are required: run_b" in fails(capsys, "compare", str(tmp_path))
