"""The statistics page: calls per day from the call log, queues from their own figures."""
import datetime as dt

from markupsafe import Markup

from vaxel.calls.events import CallDirection, CallResult
from vaxel.calls.models import CallLogEntry
from webadmin.stats.charts import Series, bar_chart


def test_bar_chart_is_escaped_svg_scaled_to_the_largest_value():
    svg = bar_chart(["<b>", "2"], [Series("In", [4, 2]), Series("Out", [0, 1])], "Calls")
    assert isinstance(svg, Markup) and svg.startswith("<svg")
    assert "&lt;b&gt;" in svg and "<b>" not in svg
    assert 'height="160"' in svg and 'height="80"' in svg  # 4 is full height, 2 half


def test_calls_of_the_last_days_are_counted_per_day(portal, world, db):
    now = dt.datetime.now(dt.timezone.utc)
    for n, (direction, result) in enumerate([(CallDirection.INCOMING, CallResult.ANSWERED),
                                             (CallDirection.INCOMING, CallResult.MISSED),
                                             (CallDirection.OUTGOING, CallResult.ANSWERED)]):
        db.add(CallLogEntry(company_id=world.a.company, call_uuid=f"s-{n}", direction=direction,
                            started_at=now, ended_at=now, result=result))
    db.flush()
    portal.login(world.a.admin_email)
    page = portal.get(f"/companies/{world.a.company}/stats/?period=7d").text
    assert page.count("<svg") >= 1
    assert '<div class="stat"><b>1</b>Incoming</div>' in page
    assert '<div class="stat"><b>1</b>Missed</div>' in page
    assert "Beta" not in page.split("<main>")[1]


def test_colours_follow_meaning_in_bars_and_legend():
    from webadmin.stats.charts import MEANINGS
    svg = bar_chart(["1"], [Series("In", [3], "incoming"), Series("Out", [2], "outgoing"),
                            Series("Missed", [1], "missed")], "Calls")
    red = MEANINGS["missed"]
    assert MEANINGS["outgoing"] != red and MEANINGS["abandoned"] == red
    for meaning in ("incoming", "outgoing", "missed"):
        # one bar and one legend swatch per series, in the meaning's colour
        assert svg.count(f'fill="{MEANINGS[meaning]}"') >= 2
    assert "#c98a00" not in svg  # no amber "missed" any more
