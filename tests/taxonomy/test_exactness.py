from talentgraph.taxonomy._exactness import alias_flags


def test_curated_aliases_exact_unless_ambiguous() -> None:
    assert alias_flags("LoRA", source="curated") == (True, False)
    assert alias_flags("Go", source="curated", skill_name_en="Go",
                       is_skill_ambiguous=True) == (False, True)
    assert alias_flags("Golang", source="curated", skill_name_en="Go",
                       is_skill_ambiguous=True) == (True, False)
    assert alias_flags("R", source="curated") == (False, True)


def test_onet_common_words_are_not_exact() -> None:
    assert alias_flags("Slack", source="onet") == (False, True)
    assert alias_flags("Microsoft Excel", source="onet") == (True, False)
    assert alias_flags("C", source="onet")[0] is False


def test_esco_labels_short_and_uncommon_only() -> None:
    assert alias_flags("design", source="esco")[0] is False
    assert alias_flags("food", source="esco")[0] is False
    # a dictionary word is an ordinary word in running text; a jargon word is not
    assert alias_flags("photogrammetry", source="esco")[0] is False
    assert alias_flags("geovisualisation", source="esco")[0] is True
    assert alias_flags("Analyze", source="onet")[0] is False
    assert alias_flags("MicroStrategy", source="onet")[0] is True
    assert alias_flags("manage a team", source="esco") == (True, False)
    assert alias_flags("supervise the staff of a correctional unit", source="esco")[0] is False
    assert alias_flags("Python (computer programming)", source="esco")[0] is False
