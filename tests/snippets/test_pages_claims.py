"""What the pages say about their build-time output, checked against the code."""

from __future__ import annotations

from snippets.tfidf import TfidfIndex, tokenize

RETRIEVAL_PASSAGES = [
    "Refunds are available within 30 days of purchase for annual plans.",
    "The Team plan costs 12 euros per seat per month, billed annually.",
    "To request a refund, open a ticket with your invoice number.",
    "Single sign-on is available on the Enterprise plan only.",
    "Invoices are sent by email on the first day of each billing period.",
]


def test_retrieval_page_explanation_holds() -> None:
    """docs/retrieval.md: the top passage wins on 'annual' and 'for', the refund
    passage is second, and the invoice passage is left out."""
    question = "How do I get a refund for my annual plan?"
    results = TfidfIndex(RETRIEVAL_PASSAGES).search(question, k=5)
    positions = [p for p, _ in results]
    assert positions[:2] == [0, 2]
    assert 4 not in positions
    asked = set(tokenize(question))
    assert asked & set(tokenize(RETRIEVAL_PASSAGES[0])) == {"annual", "for"}
    assert "refund" in asked & set(tokenize(RETRIEVAL_PASSAGES[2]))


def test_retrieval_page_uses_the_same_passages() -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "retrieval.md").read_text()
    for passage in RETRIEVAL_PASSAGES:
        assert f'"{passage}"' in page
