"""Screening services without the API: Krippendorff's alpha against published and hand-computed
values, leniency signs, and resume vectors encoded once at import and reused by ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from talentgraph.domain import SYSTEM
from talentgraph.errors import ParameterError
from talentgraph.services._interview_stats import Rating, interviewer_leniency, krippendorff_alpha
from talentgraph.services._ranking import rank_opening
from talentgraph.services._recruiting import create_opening
from talentgraph.services._resumes import ResumeUpload, import_resumes
from talentgraph.settings import Settings
from talentgraph.store import CandidateEmbedding, Database
from tests.match._factories import WordEncoder

RESUMES = Path(__file__).resolve().parents[1] / "data" / "resumes"
N = None
#: Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 observers,
#: 12 units, values 1-5, missing values; published alphas nominal .743, ordinal .815,
#: interval .849.
OBSERVERS = ([1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
             [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
             [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
             [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N])


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.743), ("ordinal", 0.815),
                                                  ("interval", 0.849)])
def test_alpha_matches_the_published_example(level: str, published: float) -> None:
    units = list(zip(*OBSERVERS, strict=True))
    assert krippendorff_alpha(units, level=level) == pytest.approx(published, abs=5e-4)


def test_alpha_by_hand() -> None:
    # units (1, 1), (2, 2), (1, 2): coincidences o11 = o22 = 2, o12 = o21 = 1; n1 = n2 = 3,
    # n = 6. Ordinal delta^2(1, 2) = (n1 + n2 - (n1 + n2) / 2)^2 = 9.
    # D_o = (1 * 9 + 1 * 9) / 6 = 3; D_e = (3 * 3 * 9 * 2) / (6 * 5) = 5.4; alpha = 1 - 3 / 5.4
    assert krippendorff_alpha([(1, 1), (2, 2), (1, 2)]) == pytest.approx(1 - 3 / 5.4, abs=1e-6)
    assert krippendorff_alpha([(1, 1), (3, 3)]) == 1.0  # perfect agreement
    assert krippendorff_alpha([(2, 2), (2, 2)]) is None  # no variation: undefined
    assert krippendorff_alpha([(1,), (2, None)]) is None  # nothing pairable
    with pytest.raises(ParameterError, match="The 'level' parameter of krippendorff_alpha must "
                                             "be one of nominal, ordinal, interval. Got 'ratio'"):
        krippendorff_alpha([(1, 2)], level="ratio")


def test_leniency_is_the_offset_from_the_panel_means() -> None:
    ratings = [Rating(panel=1, unit=1, interviewer="kind", skill="python", value=4),
               Rating(panel=1, unit=1, interviewer="strict", skill="python", value=2),
               Rating(panel=1, unit=1, interviewer="fair", skill="python", value=3),
               Rating(panel=2, unit=2, interviewer="kind", skill="sql", value=3),
               Rating(panel=2, unit=2, interviewer="strict", skill="sql", value=2),
               Rating(panel=3, unit=3, interviewer="alone", skill="sql", value=1)]
    found = interviewer_leniency(ratings)
    assert found["kind"] == (0.75, 2, 2)  # (+1 + 0.5) / 2
    assert found["strict"] == (-0.75, 2, 2)
    assert found["fair"] == (0.0, 1, 1)
    assert "alone" not in found  # never on a panel of two


def test_vectors_are_made_once_at_import(database: Database, tmp_path: Path) -> None:
    encoder = WordEncoder()
    settings = Settings(data_dir=tmp_path, environment="test")
    with database.session() as session:
        opening = create_opening(session, actor=SYSTEM, fields={
            "title": "Machine learning engineer", "description": "ranking models in PyTorch",
            "skills": [{"skill": "python", "level": 3}, {"skill": "pytorch", "level": 3}]})
        files = [ResumeUpload(name=p.name, path=p) for p in (
            RESUMES / "en_emily_chen.md", RESUMES / "en_oliver_grant.txt")]
        report = import_resumes(session, actor=SYSTEM, files=files, settings=settings,
                                opening_id=opening.id, encoder=encoder)
        assert [r.status for r in report] == ["created", "created"]
        assert sum(len(call) for call in encoder.calls) == 2  # one batch, both resumes
        stored = session.scalars(select(CandidateEmbedding)).all()
        assert {row.model_version for row in stored} == {"WordEncoder"}
        assert {row.dim for row in stored} == {64}
        encoder.calls.clear()
        ranking = rank_opening(session, actor=SYSTEM, opening_id=opening.id, encoder=encoder)
        # only the job's title and description are encoded; the resumes' vectors are read
        assert [len(call) for call in encoder.calls] == [2]
        assert [item.name for item in ranking.items] == ["Emily Chen", "Oliver Grant"]
        assert ranking.items[0].matched[0].evidence[0]["surface"] in {"Python", "python"}
