"""Buyers can turn a search into a saved search with alerts, straight from the results page."""


def test_buyer_sees_save_search_link_with_current_query(login_as):
    client, _, _ = login_as("buyer")
    html = client.get("/search?q=hop+ba+mia&province=79").get_data(as_text=True)
    assert "/sourcing/saved-searches?q=hop+ba+mia&amp;province=79" in html
    form = client.get("/sourcing/saved-searches?q=hop+ba+mia&province=79").get_data(as_text=True)
    assert 'value="hop ba mia"' in form


def test_producer_does_not_see_it(login_as):
    client, _, _ = login_as("producer")
    assert "/sourcing/saved-searches" not in client.get("/search?q=tre").get_data(as_text=True)
