"""IVR decisions with plain values: keys, silence, retries, repeat, direct dialling, validation."""
from vaxel.routing.destinations import Destination, DestinationKind as K
from vaxel.switchboard.ivr.rules import (
    CompanyTargets, IvrAction, MenuView, digits_to_collect, next_step, validate_menu_tree,
)

SALES = Destination(K.SERVICE, "5")
OPERATOR = Destination(K.USER, "1000")
MAIN = MenuView(1, {"1": SALES, "2": Destination(K.MENU, "2"), "9": Destination(K.REPEAT)},
                default_destination=OPERATOR, max_retries=2, direct_dial_digits=4, name="Main")
SUB = MenuView(2, {"0": Destination(K.MENU, "1")}, name="Support")
EXTENSIONS = frozenset({"1000", "1001"})
TARGETS = CompanyTargets(frozenset({1, 2}), EXTENSIONS, frozenset({5}))


def test_a_key_with_an_option_routes_there():
    step = next_step(MAIN, "1", 1, EXTENSIONS)
    assert step.action is IvrAction.ROUTE and step.destination == SALES


def test_a_key_can_lead_to_another_menu():
    assert next_step(MAIN, "2", 1, EXTENSIONS).destination == Destination(K.MENU, "2")


def test_silence_replays_with_the_timeout_prompt_as_the_next_attempt():
    step = next_step(MAIN, None, 1, EXTENSIONS)
    assert step.action is IvrAction.REPLAY and step.reason == "timeout"
    assert step.prompt == "no_input" and step.attempt == 2


def test_a_wrong_key_replays_with_the_invalid_prompt():
    step = next_step(MAIN, "7", 2, EXTENSIONS)
    assert (step.action, step.prompt, step.attempt) == (IvrAction.REPLAY, "invalid_option", 3)


def test_after_the_last_retry_the_default_destination_takes_the_call():
    step = next_step(MAIN, "7", 3, EXTENSIONS)
    assert step.action is IvrAction.ROUTE and step.reason == "retries_exhausted"
    assert step.destination == OPERATOR


def test_no_retries_means_the_first_failure_goes_to_the_default():
    menu = MenuView(3, default_destination=OPERATOR, max_retries=0)
    assert next_step(menu, None, 1, EXTENSIONS).destination == OPERATOR


def test_repeat_replays_without_spending_an_attempt():
    step = next_step(MAIN, "9", 2, EXTENSIONS)
    assert (step.action, step.prompt, step.attempt) == (IvrAction.REPLAY, None, 2)


def test_a_known_extension_can_be_dialled_directly():
    step = next_step(MAIN, "1001", 1, EXTENSIONS)
    assert step.destination == Destination(K.USER, "1001") and step.reason == "extension"


def test_an_unknown_extension_is_a_wrong_key():
    assert next_step(MAIN, "1999", 1, EXTENSIONS).reason == "invalid"


def test_direct_dialling_off_ignores_extensions():
    assert next_step(SUB, "1001", 1, EXTENSIONS).reason == "invalid"


def test_digits_to_collect_follow_direct_dialling():
    assert digits_to_collect(MAIN) == 4 and digits_to_collect(SUB) == 1


def test_a_sound_tree_with_a_back_cycle_has_no_problems():
    assert validate_menu_tree(1, [MAIN, SUB], TARGETS) == []


def test_missing_entry_menu_is_a_problem():
    assert validate_menu_tree(None, [MAIN], TARGETS)[0].message == "The service has no entry menu."


def test_unreachable_menu_is_reported():
    orphan = MenuView(2, name="Old")
    problems = validate_menu_tree(1, [MenuView(1), orphan], TARGETS)
    assert [(p.menu_id, p.message) for p in problems] == [(2, "No caller can reach menu Old.")]


def test_destinations_into_nowhere_or_other_companies_are_reported():
    menu = MenuView(1, {"1": Destination(K.MENU, "77"), "2": Destination(K.SERVICE, "6"),
                        "3": Destination(K.VOICEMAIL, "4321"), "4": Destination(K.EXTERNAL, "0701"),
                        # A room by its id (another company's, say): rooms are for the dial-in.
                        "5": Destination(K.CONFERENCE, "12"),
                        "6": Destination(K.CONFERENCE, "dial-in")},
                    default_destination=Destination(K.REPEAT))
    problems = validate_menu_tree(1, [menu], TARGETS)
    assert sorted(p.digit or "-" for p in problems) == ["-", "1", "2", "3", "4", "5"]


def test_a_menus_default_prompts_have_their_written_sentences():
    """A menu's own prompt names must be keys of the standard texts: an unknown name is
    spoken as itself (a caller heard "invalid option" on the real switch)."""
    from vaxel.callflow.prompts import DEFAULT_TEXTS
    from vaxel.switchboard.ivr.models import IvrMenu

    menu = MenuView(1)
    columns = IvrMenu.__table__.c
    for name in (menu.invalid_prompt, menu.timeout_prompt, columns.invalid_prompt.default.arg,
                 columns.timeout_prompt.default.arg):
        assert name in DEFAULT_TEXTS, name
