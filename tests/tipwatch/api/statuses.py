"""Recording a status through the API, as the write tests do it."""

STATUS = {
    "status": "partial",
    "as_of": "2023-09-01",
    "note": "Law passed.",
    "evidence_url": "https://example.org/law",
    "expected_version": 0,
}


def post_status(client, rec, key=None, **fields):
    """POST a status of rec (a 2023 recommendation): STATUS with `fields` over it, and the
    Idempotency-Key `key` when given."""
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        f"/api/v1/recommendations/{rec.pk}/statuses/",
        {**STATUS, **fields},
        content_type="application/json",
        headers=headers,
    )
