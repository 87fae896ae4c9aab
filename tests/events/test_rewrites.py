"""The rewrite tables: announced, refused and demanded acts."""

from dyad.events.codes import load_cameo_table
from dyad.events.rewrites import load_rewrites


def test_specific_code_then_three_digits_then_root():
    table = load_cameo_table()
    rewrites = load_rewrites(table)
    assert rewrites.intent.apply("073", table) == "0333"  # "will give humanitarian aid"
    assert rewrites.reject.apply("073", table) == "1223"  # "will not accept refugees"
    assert rewrites.reject.apply("0831", table) == "1231"
    assert rewrites.threat.apply("166", table) == "136"  # "will withdraw inspectors"
    assert rewrites.threat.apply("193", table) == "1384"  # 193 is not listed: the root's threat
    assert rewrites.intent.apply("042", table) == "036"  # by root: "will visit"


def test_roots_the_table_covers():
    rewrites = load_rewrites(load_cameo_table())
    assert rewrites.intent.covers("061") and not rewrites.intent.covers("112")
    assert rewrites.threat.covers("190") and not rewrites.threat.covers("051")


def test_demand_defaults_to_the_plain_demand():
    table = load_cameo_table()
    demand = load_rewrites(table).demand
    assert demand.apply("073", table, default="100") == "1033"
    assert demand.apply("190", table, default="100") == "100"


def test_a_show_of_force_by_several_actors_is_a_joint_exercise():
    table = load_cameo_table()
    joint = load_rewrites(table).joint
    assert "150" in joint.codes and not joint.covers("150")
    assert joint.apply("150", table, default="150") == "062"
