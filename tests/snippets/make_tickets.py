"""Write ``snippets/data/tickets.json``: labelled support tickets for Tallybird.

Run ``.venv/bin/python -m tests.snippets.make_tickets`` to regenerate the file;
``tests/snippets/test_finetune.py`` checks that the committed file is what this
script writes, so the data and its recipe cannot drift apart.

Each ticket is built from a scenario (what happened, with its category and
priority, following the priority rules in ``snippets/data/kb/support.md``) and
a seeded choice among several phrasings, openers, closers and slot values. Some
tickets carry misleading words on purpose (a customer who writes "URGENT" on a
question, a bug report that mentions invoices), so that a keyword rule is
often wrong and a model has to learn from examples.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "snippets" / "data" / "tickets.json"
N_TICKETS = 640
N_TEST = 160
SEED = 20260501

FEATURES = [
    "PDF export",
    "CSV export",
    "recurring invoices",
    "payment reminders",
    "the invoice editor",
    "multi-currency invoices",
    "the client list",
    "payment links",
    "the dashboard",
    "credit notes",
]
PLANS = ["Starter", "Team", "Business", "Enterprise"]
ERRORS = [
    "error 500",
    "a blank page",
    "a spinning wheel",
    "an 'unexpected error' banner",
    "a timeout",
]
OPENERS = [
    "",
    "Hi,",
    "Hello team,",
    "Hi there!",
    "Good morning,",
    "Dear Tallybird support,",
    "Hey,",
    "URGENT:",
    "Quick one:",
    "Sorry to bother you again,",
]
CLOSERS = [
    "",
    "Thanks!",
    "Thank you.",
    "Regards, Anna",
    "Cheers, Tom",
    "Please help.",
    "Best, the accounts team",
    "Let me know.",
    "Any update would be appreciated.",
]

# (category, priority, phrasings). Slots: {feature}, {plan}, {error}, {n}.
SCENARIOS: list[tuple[str, str, list[str]]] = [
    # billing
    (
        "billing",
        "low",
        [
            "Can you tell me how much the {plan} plan costs if we add {n} more seats?",
            "Where do I download the receipts for our {plan} subscription?",
            "Could you change the email address our Tallybird bills are sent to?",
            "Is VAT included in the price of the {plan} plan?",
            "How do I switch our subscription from monthly to annual billing?",
            "What happens to our bill if we downgrade to {plan} next month?",
        ],
    ),
    (
        "billing",
        "normal",
        [
            "Our last bill shows the wrong company address. We fixed the copy by hand for now.",
            "We were billed for {n} seats but use fewer. Not blocking, we can wait for a credit.",
            "The VAT number is missing on our subscription receipt; our accountant can add it "
            "manually for this month.",
            "The card on file expires soon and the update form rejects it, but the old card still "
            "works for now.",
        ],
    ),
    (
        "billing",
        "high",
        [
            "We were charged twice for the {plan} subscription this month. Please refund one.",
            "Our card was charged {n} times for the same renewal and we cannot undo it.",
            "The subscription renewal fails with {error} and we have no other way to pay you.",
            "You charged us for the {plan} plan after we cancelled. We need the money back.",
        ],
    ),
    (
        "billing",
        "urgent",
        [
            "Our workspace was suspended for non-payment although we paid. Nobody on the team can "
            "send invoices.",
            "The subscription payment failed and the whole workspace is now read-only for all "
            "{n} users.",
            "Billing locked our account: the entire company cannot invoice customers today.",
        ],
    ),
    # bug
    (
        "bug",
        "low",
        [
            "There is a small typo in the footer of the default invoice template.",
            "The icon next to {feature} looks misaligned on my screen. Just letting you know.",
            "Is it a known issue that {feature} shows dates in US format?",
            "Minor thing: the tooltip on {feature} is cut off on small windows.",
        ],
    ),
    (
        "bug",
        "normal",
        [
            "{feature} fails with {error} in Firefox, but it works in Chrome so we use that.",
            "{feature} is slow and sometimes shows {error}; reloading the page a few times works.",
            "When I open {feature} from the sidebar I get {error}. The dashboard link works.",
            "Bulk editing in {feature} gives {error}, so we edit the invoices one by one for now.",
        ],
    ),
    (
        "bug",
        "high",
        [
            "{feature} crashes with {error} every time and there is no workaround.",
            "{feature} stopped working since yesterday: {error}. We tried every browser.",
            "Since the last update {feature} is broken for us and we found no way around it.",
            "Every attempt to use {feature} ends in {error}; this blocks part of our work.",
        ],
    ),
    (
        "bug",
        "urgent",
        [
            "Nothing works: every page shows {error} for all {n} users in our workspace.",
            "No invoice can be sent from our workspace, everyone gets {error}. Our whole invoicing "
            "is down.",
            "Online payments are down for all our customers: every payment link gives {error}.",
            "The entire app is down for our company since this morning ({error}).",
        ],
    ),
    # account
    (
        "account",
        "low",
        [
            "How do I rename our workspace?",
            "How can I add a colleague as a user with read-only access?",
            "Can I change the language of the interface to German?",
            "Is there a way to transfer ownership of the workspace to my manager?",
            "How do I remove a user who left the company?",
        ],
    ),
    (
        "account",
        "normal",
        [
            "Invitation emails for new users end up in spam, we copy the invite link by hand.",
            "I cannot change my profile email in settings; a colleague changed it for me as admin.",
            "Two-step login codes arrive late, after a minute or so, but they do arrive.",
            "One user sees the wrong workspace after login; switching from the menu helps.",
        ],
    ),
    (
        "account",
        "high",
        [
            "I am locked out of my account and the password reset email never arrives.",
            "Our only admin left the company and nobody can manage users anymore.",
            "My login keeps failing with {error} and I cannot get into my account at all.",
            "A user lost the phone with the two-step login app and has no way to sign in.",
        ],
    ),
    (
        "account",
        "urgent",
        [
            "Nobody in our workspace can log in, all {n} users get {error} at the sign-in page.",
            "Single sign-on is broken for the whole company: no one can log in to Tallybird.",
            "Every login attempt in our workspace fails since this morning, the whole team is "
            "locked out.",
        ],
    ),
    # feature request
    (
        "feature-request",
        "low",
        [
            "It would be great if {feature} could be scheduled for a later date.",
            "Please add a dark mode, our team works late.",
            "We would love an integration with our accounting software.",
            "Could you add the option to export {feature} to Excel directly?",
            "Feature idea: let us set a different logo per client on invoices.",
            "Would you consider adding more currencies to {feature}?",
            "Any plans for a mobile app? We would like to create invoices on the go.",
        ],
    ),
    # security
    (
        "security",
        "low",
        [
            "Do you have a SOC 2 report we can share with our auditors?",
            "Where is our data stored, and is it encrypted at rest?",
            "Which plans include single sign-on with SAML?",
            "Can you send us your data processing agreement for our {plan} plan?",
        ],
    ),
    (
        "security",
        "normal",
        [
            "I got a new-login alert from a city I was not in, but I may have used a VPN. "
            "I changed my password already.",
            "A colleague shared their password in chat. We changed it, just checking if there is "
            "anything else to do.",
            "Our audit log shows an API key we do not recognise; we revoked it to be safe.",
        ],
    ),
    (
        "security",
        "high",
        [
            "Our customers received a phishing email pretending to be a Tallybird invoice.",
            "A former employee still has access to our workspace and we cannot remove them.",
            "Someone logged in to my account from another country and I did not do it.",
            "We think an API key leaked in a public repository; what data could it reach?",
        ],
    ),
    (
        "security",
        "urgent",
        [
            "Our account was hacked: someone changed the bank details on all our open invoices.",
            "An attacker is logged in as our admin right now and is deleting users.",
            "Customer payments are being redirected to an account that is not ours. Please lock "
            "our workspace.",
        ],
    ),
]


def fill(template: str, rng: random.Random) -> str:
    text = template.format(
        feature=rng.choice(FEATURES),
        plan=rng.choice(PLANS),
        error=rng.choice(ERRORS),
        n=rng.choice([2, 3, 4, 5, 8, 12, 20]),
    )
    return text[0].upper() + text[1:]


# Words customers use interchangeably; one is picked per ticket.
SYNONYMS = [
    ("charged", ["charged", "billed", "debited"]),
    ("invoices", ["invoices", "bills", "invoices"]),
    ("works", ["works", "is fine", "does the job"]),
    ("broken", ["broken", "not working", "dead"]),
    ("log in", ["log in", "sign in", "get in"]),
    ("users", ["users", "people", "colleagues"]),
    ("whole", ["whole", "entire", "complete"]),
    ("add", ["add", "build", "support"]),
]
# A second, minor sentence some customers add; it does not change the labels.
ASIDES = [
    "Also, how do I rename our workspace?",
    "By the way, the new invoice design looks great.",
    "PS: could you send me last month's receipt too?",
    "We are on the {plan} plan, if that matters.",
    "This is the second time I write about this.",
    "It would also be nice to have a dark mode one day.",
    "Our accountant is waiting for this.",
]


def ticket_text(template: str, rng: random.Random) -> str:
    body = fill(template, rng)
    for word, choices in SYNONYMS:
        if word in body:
            body = body.replace(word, rng.choice(choices))
    parts = [rng.choice(OPENERS), body]
    if rng.random() < 0.3:
        parts.append(fill(rng.choice(ASIDES), rng))
    parts.append(rng.choice(CLOSERS))
    return " ".join(p for p in parts if p)


PRIORITIES = ["low", "normal", "high", "urgent"]
# Triage is not perfectly consistent: a few labels are a neighbouring choice,
# as in real labelled data, so no model can reach 100%.
NOISE = 0.06


def noisy(category: str, priority: str, rng: random.Random) -> tuple[str, str]:
    if rng.random() < NOISE:
        k = PRIORITIES.index(priority)
        priority = PRIORITIES[min(3, k + 1)] if k == 0 or rng.random() < 0.5 else PRIORITIES[k - 1]
    if rng.random() < NOISE / 2:
        category = {
            "billing": "account",
            "account": "security",
            "security": "account",
            "bug": "feature-request",
            "feature-request": "bug",
        }[category]
    return category, priority


def make_tickets() -> dict[str, object]:
    """The whole data set as the JSON-able object written to ``tickets.json``."""
    rng = random.Random(SEED)
    # Weight scenarios so categories are roughly balanced and urgent tickets rare.
    weights = {"low": 3, "normal": 3, "high": 3, "urgent": 2}
    tickets = []
    for i in range(N_TICKETS):
        category, priority, phrasings = rng.choices(
            SCENARIOS,
            weights=[weights[p] * (2 if c == "feature-request" else 1) for c, p, _ in SCENARIOS],
        )[0]
        text = ticket_text(rng.choice(phrasings), rng)
        category, priority = noisy(category, priority, rng)
        tickets.append(
            {
                "id": f"T{i + 1:04d}",
                "text": text,
                "category": category,
                "priority": priority,
            }
        )
    test_ids = set(rng.sample(range(N_TICKETS), N_TEST))
    for i, ticket in enumerate(tickets):
        ticket["split"] = "test" if i in test_ids else "train"
    return {
        "about": (
            "Support tickets for the fictional company Tallybird, labelled with a category "
            "(billing, bug, account, feature-request, security) and a priority (low, normal, "
            "high, urgent; rules in kb/support.md). Generated by tests/snippets/make_tickets.py "
            "from templates with seeded choices. 'split' is 'train' or 'test': training never "
            "sees the test tickets."
        ),
        "tickets": tickets,
    }


def main() -> None:
    OUT.write_text(json.dumps(make_tickets(), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
