"""Top-up decisions and usage summaries with plain values."""
import datetime as dt

from vaxel.mobiledata.rules import Payer, UsageSummary, may_top_up, month_bounds


def test_the_company_pays_within_its_limit():
    decision = may_top_up(has_package=True, company_paid_this_month=1, limit=2, private_card=False)
    assert decision.allowed and decision.payer is Payer.COMPANY


def test_past_the_limit_only_a_private_card_may_pay():
    refused = may_top_up(has_package=True, company_paid_this_month=2, limit=2, private_card=False)
    assert not refused.allowed and "private card" in refused.reason
    paid = may_top_up(has_package=True, company_paid_this_month=2, limit=2, private_card=True)
    assert paid.allowed and paid.payer is Payer.PRIVATE_CARD


def test_a_limit_of_zero_sends_every_top_up_to_the_private_card():
    decision = may_top_up(has_package=True, company_paid_this_month=0, limit=0, private_card=True)
    assert decision.payer is Payer.PRIVATE_CARD


def test_no_package_no_top_up():
    assert not may_top_up(has_package=False, company_paid_this_month=0, limit=5,
                          private_card=True).allowed


def test_usage_summary():
    summary = UsageSummary(allowance_mb=1024, topped_up_mb=1024, used_mb=1536)
    assert (summary.total_mb, summary.remaining_mb, summary.used_percent) == (2048, 512, 75)
    assert UsageSummary(1024, 0, 5000).remaining_mb == 0


def test_the_month_follows_the_companys_zone():
    # 23:30 UTC on 31 January is already February in Stockholm.
    start, end = month_bounds(dt.datetime(2030, 1, 31, 23, 30, tzinfo=dt.timezone.utc),
                              "Europe/Stockholm")
    assert (start.month, start.day, end.month) == (2, 1, 3)
