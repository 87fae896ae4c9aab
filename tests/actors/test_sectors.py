"""The sector tables of data/sectors.yaml."""

import pytest

from dyad.actors.sectors import plover_sector, sectors


@pytest.mark.parametrize(
    "role, sector",
    [
        ("GOV", "GOV"),
        ("MED", "JRN"),
        ("HLH", "MED"),
        ("INS", "REB"),
        ("NGO", "SOC"),
        ("MOS", "REL"),  # a religion's identity code ("Muslim leaders") is the religious sector
        ("BUD", "REL"),
        ("KUR", None),  # an ethnic group's is none
        ("IGO", None),
        (None, None),
    ],
)
def test_cameo_roles_as_plover_sectors(role, sector):
    assert plover_sector(role) == sector


def test_name_heads_give_cameo_roles():
    heads = sectors().name_heads
    assert (heads["court"], heads["party"], heads["university"], heads["ministry"]) == ("JUD", "PTY", "EDU", "GOV")
    assert all(role.isupper() and len(role) == 3 for role in heads.values())
