"""A sent proposal past its validity date becomes expired by the hourly sweep."""

import datetime as dt

import pytest
from django.utils import timezone

from okno.proposals.models import Proposal, ProposalStatus
from okno.proposals.tasks import proposals_expire
from okno.proposals.tests.factories import proposal_made

pytestmark = pytest.mark.django_db


def test_the_sweep_expires_sent_proposals_past_their_date_only(world):
    due = proposal_made(world)
    current = proposal_made(world)
    draft = proposal_made(world, send=False)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Proposal.objects.filter(pk__in=[due.pk, draft.pk]).update(valid_until=yesterday)
    proposals_expire.call_local()
    statuses = dict(Proposal.objects.values_list("pk", "status"))
    assert statuses == {
        due.pk: ProposalStatus.EXPIRED,
        current.pk: ProposalStatus.SENT,
        draft.pk: ProposalStatus.DRAFT,
    }
    assert due.history.filter(to_status=ProposalStatus.EXPIRED, user=None).count() == 1
