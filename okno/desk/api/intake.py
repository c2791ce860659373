"""`POST /api/v1/intake`: the channel of call centres and other systems.

The caller says who the person is by what it knows — ИНН (and КПП), phone, e-mail — and
the portal finds the client; a person no client is known by still gets an appeal, «не
клиент», with what the caller told. The same `external_id` from the same caller answers
the appeal made the first time (200, not 201), so a retried request makes no second one.
"""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema
from ninja.responses import Status

from okno.core.schemas import Text
from okno.desk.api.appeals import AppealDetailOut, FileBody, detail_out, files_in, router
from okno.desk.services.intake import IntakeIn, appeal_intake


class IntakeBody(Schema):
    external_id: Text = Field(max_length=80, description="The caller's id of the call or case.")
    channel: Literal["phone", "api", "email"] = "phone"
    kind: Text = Field("question", max_length=40, description="A non-claim kind's code.")
    subject: Text = Field(max_length=200)
    text: Text = Field(max_length=20000)
    inn: Text = Field("", max_length=12, description="The client's legal entity's ИНН.")
    kpp: Text = Field("", max_length=9)
    phone: Text = Field("", max_length=30, description="Any Russian spelling: 8 916 …, +7 …")
    email: Text = Field("", max_length=200)
    caller_name: Text = Field("", max_length=200, description="How the person introduced themself.")
    order_number: Text = Field("", max_length=40, description="The order they called about.")
    files: list[FileBody] = Field(default_factory=list, max_length=10)


@router.post(
    "/intake",
    response={200: AppealDetailOut, 201: AppealDetailOut},
    url_name="appeal_intake",
    tags=["appeals"],
)
def intake(request, payload: IntakeBody):
    """An appeal from a call centre or another system (desk staff tokens); 201 when made,
    200 when `external_id` names one this caller made before."""
    data = IntakeIn(
        external_id=payload.external_id,
        channel=payload.channel,
        kind=payload.kind,
        subject=payload.subject,
        text=payload.text,
        inn=payload.inn,
        kpp=payload.kpp,
        phone=payload.phone,
        email=payload.email,
        caller_name=payload.caller_name,
        order_number=payload.order_number,
        files=files_in(payload.files, "files"),
    )
    appeal, created = appeal_intake(actor=request.actor, data=data)
    return Status(201 if created else 200, detail_out(request.actor, appeal.pk))
