"""docs/search-api.md is kept honest: its fields and parameters are real."""

import json
import re
from pathlib import Path

from django.conf import settings

DOC = Path(settings.BASE_DIR) / "docs" / "search-api.md"


def json_blocks():
    return [
        json.loads(b) for b in re.findall(r"```json\n(.*?)```", DOC.read_text(), re.S)
    ]


def test_documented_result_fields_are_the_api_fields(client, corpus):
    documented = json_blocks()[0]
    response = client.get("/api/v1/search/", {"q": "truong thi mai"}).json()
    assert set(documented) == set(response)
    assert set(documented["results"][0]) == set(response["results"][0])


def test_documented_parameters_are_accepted(client, corpus):
    rows = re.findall(r"^\| `(\w+)` \| `([^`]+)`", DOC.read_text(), re.M)
    params = dict(rows)
    assert set(params) == {"q", "type", "section", "from", "to", "sort", "page"}
    params["page"] = "1"
    assert client.get("/api/v1/search/", params).status_code == 200


def test_documented_error_is_the_real_message(client, corpus):
    error = json_blocks()[1]["error"]
    response = client.get("/api/v1/search/", {"q": "ma", "from": "hôm qua"})
    assert response.status_code == 400 and response.json()["error"] == error


def test_documented_suggestion_shape(client, corpus):
    documented = json_blocks()[2]
    response = client.get("/api/v1/search/suggest/", {"q": "khat vo"}).json()
    assert response["suggestions"][0]["title"] == documented["suggestions"][0]["title"]
    assert set(documented) == set(response)
