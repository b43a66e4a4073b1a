"""Table cells carry their column's heading (webadmin.tables), for the phone layout."""
from webadmin.tables import label_cells


def test_each_cell_gets_its_heading_and_spanning_cells_are_left_alone():
    page = ("<table><thead><tr><th>When</th><th class='money'>Talk <b>time</b></th><th></th></tr>"
            "</thead><tbody><tr><td>10:00</td><td class=\"money\">1:05</td><td><button>Play</button>"
            "</td></tr><tr><td colspan=\"3\">No calls yet.</td></tr></tbody></table>")
    html = label_cells(page)
    assert '<td data-label="When">10:00</td>' in html
    assert '<td data-label="Talk time" class="money">1:05</td>' in html
    assert '<td data-label=""><button>Play</button>' in html
    assert '<td colspan="3">No calls yet.</td>' in html


def test_a_table_without_headings_is_left_as_it_is():
    page = "<table><tbody><tr><td>x</td></tr></tbody></table>"
    assert label_cells(page) == page
