"""Every API 4xx speaks one shape: {"detail": [{"loc", "msg", "type"}]} with the field."""

import pytest
from pydantic import BaseModel, Field, ValidationError

from okno.core.api_errors import api_error_detail
from okno.core.schemas import Id, Text, search_term


class _Sample(BaseModel):
    name: Text
    client_id: Id


def _errors(**data):
    with pytest.raises(ValidationError) as caught:
        _Sample(**data)
    return api_error_detail(caught.value.errors())


def test_nul_and_huge_ids_are_field_errors():
    detail = _errors(name="a\x00b", client_id=2**64)
    by_field = {tuple(d["loc"]): d["msg"] for d in detail}
    assert by_field[("name",)] == "Текст содержит недопустимый символ NUL."
    assert by_field[("client_id",)] == f"Не больше {2**63 - 1}."


class _Limited(BaseModel):
    name: Text = Field(max_length=5)
    note: Text | None = Field(None, max_length=5)


@pytest.mark.parametrize("field", ["name", "note"])
def test_a_long_text_is_measured_in_characters(field):
    with pytest.raises(ValidationError) as caught:
        _Limited(**{"name": "ok", field: "слишком длинно"})
    (problem,) = api_error_detail(caught.value.errors())
    assert (problem["loc"], problem["msg"]) == ([field], "Не длиннее 5 символов.")


def test_missing_and_wrong_types_are_in_russian():
    detail = _errors(client_id="abc")
    assert {"loc": ["name"], "msg": "Обязательное поле.", "type": "missing"} in detail
    assert {"loc": ["client_id"], "msg": "Должно быть целым числом.", "type": "int_parsing"} in (
        detail
    )


def test_the_parameter_name_is_dropped_from_the_location():
    raw = [{"loc": ("body", "payload", "date"), "type": "date_parsing", "msg": "Input should be"}]
    assert api_error_detail(raw) == [
        {"loc": ["body", "date"], "msg": "Дата в формате ГГГГ-ММ-ДД.", "type": "date_parsing"}
    ]


def test_search_terms_lose_nul_and_excess():
    assert search_term(" ром\x00ашка ") == "ромашка"
    assert len(search_term("я" * 500)) == 100
    assert search_term(None) == ""


def test_an_api_request_with_bad_types_answers_422_in_the_portal_shape(client, world):
    client.force_login(world.manager_a)
    response = client.post(
        "/api/v1/contracts",
        data={"legal_entity_id": "x", "date": "31.02.2026"},
        content_type="application/json",
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert all(set(item) == {"loc", "msg", "type"} for item in detail)
    assert all("payload" not in item["loc"] for item in detail)
