"""Write ``snippets/data/tickets.json``: labelled support tickets for Tallybird.

Run ``.venv/bin/python -m tests.snippets.make_tickets`` to regenerate the file;
``tests/snippets/test_data_splits.py`` checks that the committed file is
byte for byte what this script writes, so the data and its recipe cannot drift.

A ticket is put together from parts: an opener, the main sentence (a problem, a
question, a feature request or a cosmetic bug), for a problem an impact
sentence that sets the priority (by the rules of ``snippets/data/kb/support.md``),
sometimes an aside, and a closer. **Every part list is written three times, once
per split**: the train, dev and test tickets are built from disjoint template
families, disjoint filler phrases and disjoint product areas and error
messages, so a test ticket is never a seen template with new slot values. The
family of a ticket (its main sentence's template) is stored with it.

Some tickets carry misleading words on purpose (an "URGENT" opener on a
question, an aside about another topic), and about 5% of the labels are a
neighbouring choice, as in real triage data, so no system can reach 100%.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "snippets" / "data" / "tickets.json"
SIZES = {"train": 480, "dev": 120, "test": 200}
SEED = 20260512
NOISE = 0.05
PRIORITIES = ["low", "normal", "high", "urgent"]
PLANS = ["Starter", "Team", "Business", "Enterprise"]
COUNTS = [2, 3, 4, 5, 8, 12, 20]

# Slot values, disjoint per split: a product area or an error message seen in
# training never appears in a test ticket.
FEATURES = {
    "train": ["PDF export", "recurring invoices", "payment reminders", "the client list"],
    "dev": ["CSV export", "the dashboard", "credit notes"],
    "test": ["multi-currency invoices", "payment links", "the invoice editor", "quotes"],
}
ERRORS = {
    "train": ["error 500", "a blank page"],
    "dev": ["a timeout", "error 502"],
    "test": ["a spinning wheel", "an 'unexpected error' banner"],
}
OPENERS = {
    "train": ["", "", "Hi,", "Hello team,", "URGENT:", "Good morning,", "Hey,"],
    "dev": ["", "", "Dear support,", "Hi all,", "URGENT!!"],
    "test": ["", "", "Hello,", "Hi there!", "Urgent please:", "Good afternoon,"],
}
CLOSERS = {
    "train": ["", "Thanks!", "Regards, Anna", "Please help.", "Best, the accounts team"],
    "dev": ["", "Thank you.", "Cheers, Tom", "Kind regards"],
    "test": ["", "Many thanks.", "Best wishes, Priya", "Appreciated!", "Ta, Sam"],
}
ASIDES = {
    "train": [
        "Also, how do I rename our workspace?",
        "PS: could you send me last month's receipt too?",
        "We are on the {plan} plan, if that matters.",
        "This is the second time I write about this.",
    ],
    "dev": [
        "By the way, the new invoice design looks great.",
        "Our accountant is waiting on this.",
    ],
    "test": [
        "On another note, is a dark theme planned?",
        "I already mailed your colleague yesterday.",
        "Side question: where is the VAT shown on receipts?",
    ],
}

# Problem reports: an issue phrase says what is wrong (its category), set in a
# frame sentence; an impact sentence says how bad it is (urgent, high or normal).
FRAMES = {
    "train": [
        "{issue}.",
        "It looks like {issue}.",
        "We just noticed that {issue}.",
        "Since this morning {issue}.",
        "Can you check why {issue}?",
        "Problem: {issue}.",
    ],
    "dev": ["{issue}.", "Quick heads-up: {issue}.", "For two days now {issue}."],
    "test": [
        "{issue}.",
        "I wanted to report that {issue}.",
        "Not sure why, but {issue}.",
        "As of today {issue}.",
    ],
}
ISSUES: dict[str, dict[str, list[str]]] = {
    "billing": {
        "train": [
            "we were charged twice for the {plan} plan",
            "our subscription renewal failed with {error}",
            "you charged us after we cancelled",
            "our card was debited {n} times for one renewal",
            "the invoice for our subscription lists {n} seats we never added",
            "our plan shows as unpaid although we paid by bank transfer",
            "we are still billed for seats we removed last month",
            "the VAT on our subscription invoice is wrong",
            "the payment for our upgrade went through but the plan did not change",
            "our discount code was not applied to the renewal",
        ],
        "dev": [
            "the amount on your last bill is wrong for our {plan} seats",
            "the form to update our card keeps rejecting it",
            "the refund for our downgrade never arrived",
            "we got charged the monthly price although we pay yearly",
        ],
        "test": [
            "you took a payment from our card although the plan was already paid",
            "we are billed at the Business rate but we are on {plan}",
            "the yearly fee was charged again a few weeks after we paid it",
            "our card gets declined when we try to pay the subscription",
            "we were charged for {n} extra seats after the trial ended",
        ],
    },
    "bug": {
        "train": [
            "{feature} crashes with {error} every time I open it",
            "{feature} is broken since the last update",
            "saving anything in {feature} ends in {error}",
            "{feature} stopped working yesterday and shows {error}",
            "{feature} loads forever and then gives {error}",
            "the button in {feature} does nothing when I click it",
            "{feature} shows the wrong totals",
            "exporting from {feature} gives an empty file",
            "{feature} duplicates every line I add",
            "{feature} fails with {error} in Firefox",
        ],
        "dev": [
            "opening {feature} from the sidebar gives {error}",
            "{feature} throws {error} when we filter by date",
            "after your release this week {feature} only returns {error}",
            "{feature} drops the last line of long documents",
        ],
        "test": [
            "every time we click on {feature} we get {error}",
            "{feature} freezes halfway and then shows {error}",
            "pressing send in {feature} results in {error}",
            "{feature} no longer works after the update",
            "numbers in {feature} are calculated wrong",
        ],
    },
    "account": {
        "train": [
            "I am locked out of my account and the password reset email never arrives",
            "my login keeps failing with {error}",
            "our only admin left the company and nobody can manage users now",
            "a user lost the phone with the two-step login app",
            "the invitation link for a new user has expired",
            "my password is not accepted since I changed my email address",
            "I cannot add a new user to our workspace",
            "a colleague was removed from our workspace by mistake",
            "the login page says my account does not exist",
            "two-step codes arrive too late to use",
        ],
        "dev": [
            "sign-in rejects my password even after two resets",
            "the two-factor code is refused every time",
            "one colleague sees another workspace after logging in",
            "I cannot change the owner of our workspace",
        ],
        "test": [
            "our new hire never got the invitation, so she has no access",
            "the sign-in page sends me back to itself after I log in",
            "I can't update the phone number my login codes go to",
            "our bookkeeper's access disappeared overnight",
            "a user we invited cannot set a password",
        ],
    },
    "security": {
        "train": [
            "someone logged in to my account from another country",
            "our customers received a phishing email pretending to be a Tallybird invoice",
            "a former employee still has access to our workspace",
            "we think an API key leaked in a public repository",
            "an attacker changed the bank details on some of our invoices",
            "there are users in our workspace that none of us created",
            "I got password reset emails I did not ask for",
            "someone is sending fake invoices in our name",
            "our admin account was hacked",
            "a suspicious app has access to our data",
        ],
        "dev": [
            "a login alert came from a device we do not own",
            "fake payment requests are going out in our company's name",
            "our audit log shows exports at night by an unknown session",
            "an unknown API key appeared in our settings",
        ],
        "test": [
            "an intruder is inside our admin account and deleting users",
            "clients paid into a bank account that is not ours after a fake email",
            "a token nobody created shows up in the developer settings",
            "strange logins from abroad keep appearing on my account",
            "a former contractor can still see our invoices",
        ],
    },
}
IMPACTS: dict[str, dict[str, list[str]]] = {
    "urgent": {
        "train": [
            "Nobody in our workspace can send invoices now.",
            "The whole company is blocked: invoicing is down for all {n} users.",
            "Our entire invoicing has stopped for everyone.",
            "All our customers' payments are failing because of it.",
            "This is down for the whole workspace.",
            "No one on our team can work.",
            "Every user in our company is affected.",
            "We cannot invoice any customer today.",
        ],
        "dev": [
            "Every person on the team is stuck and not one invoice goes out.",
            "Payments from all our clients are down.",
            "The whole office is blocked.",
        ],
        "test": [
            "Nobody here can bill clients at the moment.",
            "Invoicing is down for our entire company.",
            "None of our customers can pay us right now.",
            "All {n} of our users are blocked.",
        ],
    },
    "high": {
        "train": [
            "There is no workaround and it blocks my work.",
            "We tried every browser and found no way around it.",
            "I cannot do my job until this is fixed.",
            "Nothing we tried helps.",
            "This blocks our month-end closing.",
            "We have no other way to do this.",
            "It is blocking me and there is no workaround.",
            "Please fix this soon, I am stuck.",
        ],
        "dev": [
            "There is no other way for us to get this done.",
            "This stops part of our work completely.",
            "I am blocked until it works again.",
        ],
        "test": [
            "We are stuck and nothing gets us past it.",
            "We know of no workaround.",
            "It blocks my invoicing and nothing helps.",
            "This holds up my work and I found no alternative.",
        ],
    },
    "normal": {
        "train": [
            "We found a workaround for now, so it is not blocking.",
            "It works in another browser, so we use that for now.",
            "We can do it by hand for the moment.",
            "Reloading a few times gets it done in the end.",
            "Not blocking, we can wait.",
            "There is a workaround, but it is annoying.",
            "For now we use the old page instead.",
            "It is not urgent, we have a way around it.",
        ],
        "dev": [
            "A colleague can do it for us meanwhile.",
            "The old screen still does the job in the meantime.",
            "We manage with a workaround.",
        ],
        "test": [
            "Doing it manually keeps us going for now.",
            "The mobile app works, so we use that meanwhile.",
            "We have a temporary workaround.",
            "It is annoying but not blocking.",
        ],
    },
}
# Low priority: questions, feature requests and cosmetic bugs.
QUESTIONS: dict[str, dict[str, list[str]]] = {
    "billing": {
        "train": [
            "How much would the {plan} plan cost if we add {n} more seats?",
            "Where do I download the receipts for our {plan} subscription?",
            "Is VAT included in the price of the {plan} plan?",
            "How do I switch our subscription from monthly to annual billing?",
            "What happens to our bill if we downgrade to {plan} next month?",
            "Can I pay the subscription by invoice?",
            "When will the next charge for our plan happen?",
            "Do you offer a discount for yearly billing?",
            "How do refunds work for the {plan} plan?",
            "Can I change the billing email address?",
        ],
        "dev": [
            "Can we settle the {plan} plan by bank transfer instead of card?",
            "Which day of the month is our subscription renewed?",
            "What is the price difference between {plan} and Business?",
            "Where do I find our past invoices from you?",
        ],
        "test": [
            "Would adding {n} colleagues to {plan} change our yearly price?",
            "Do you have a discount for charities?",
            "Can we get your invoices in another currency?",
            "How is the price calculated when we add seats mid-month?",
            "Is there a cheaper plan for small teams?",
        ],
    },
    "account": {
        "train": [
            "How do I rename our workspace?",
            "How can I add a colleague as a user with read-only access?",
            "Can I change the language of the interface to German?",
            "Is there a way to transfer ownership of the workspace to my manager?",
            "How do I remove a user who left the company?",
            "How do I reset another user's password?",
            "Can I have two workspaces with one login?",
            "Where do I change my email address?",
            "How many users can we add on {plan}?",
            "Can I merge two accounts into one?",
        ],
        "dev": [
            "Where can I change the time zone of my profile?",
            "Can one person belong to two workspaces?",
            "How do I give a user admin rights?",
            "How do I change my display name?",
        ],
        "test": [
            "How do I hand over the workspace to a new owner?",
            "Is it possible to give an intern view-only access?",
            "Which menu lets me switch the interface to French?",
            "Can I log in with my Google account?",
            "How do I delete my own user?",
        ],
    },
    "security": {
        "train": [
            "Do you have a SOC 2 report we can share with our auditors?",
            "Where is our data stored, and is it encrypted at rest?",
            "Which plans include single sign-on with SAML?",
            "Can you send us your data processing agreement for the {plan} plan?",
            "Can we make two-factor login mandatory for everyone?",
            "Do you support SSO with Okta?",
            "How long do you keep backups?",
            "Who at Tallybird can see our invoices?",
            "Is our data shared with third parties?",
            "Do you run penetration tests?",
        ],
        "dev": [
            "Do you hold an ISO 27001 certificate?",
            "How often do you rotate encryption keys?",
            "Is data encrypted in transit?",
            "Can we get an audit log export for our auditors?",
        ],
        "test": [
            "Can our compliance officer get your latest pen test summary?",
            "Which encryption protects the data you keep for us?",
            "In which country are our backups kept?",
            "Do you have a bug bounty programme?",
            "Is single sign-on possible on the {plan} plan?",
        ],
    },
}
REQUESTS: dict[str, list[str]] = {
    "train": [
        "It would be great if {feature} could be scheduled for a later date.",
        "Please add a dark mode, our team works late.",
        "We would love an integration with our accounting software.",
        "Could you add the option to export {feature} to Excel directly?",
        "Feature idea: let us set a different logo per client on invoices.",
        "Would you consider adding more currencies to {feature}?",
        "Please add a way to tag clients.",
        "It would help if {feature} had a search box.",
        "Could you add reminders by text message?",
        "We would like custom fields on invoices.",
    ],
    "dev": [
        "A mobile app to create invoices on the go would help us a lot.",
        "Please let {feature} send a summary email every Friday.",
        "We wish {feature} had keyboard shortcuts.",
        "Could there be an option to hide paid invoices?",
    ],
    "test": [
        "Suggestion: a bulk edit mode for {feature} would save us hours.",
        "Any chance of a Slack integration?",
        "My team hopes {feature} will support custom fields one day.",
        "It would be handy to attach files to {feature}.",
        "Please consider a calendar view for due dates.",
    ],
}
COSMETIC: dict[str, list[str]] = {
    "train": [
        "There is a small typo in the footer of the default invoice template.",
        "The icon next to {feature} looks misaligned on my screen.",
        "Minor thing: the tooltip on {feature} is cut off on small windows.",
        "Dates in {feature} show in US format, just letting you know.",
        "The font in {feature} is very small.",
        "A button in {feature} is slightly off-centre.",
    ],
    "dev": [
        "The colour of the save button in {feature} is hard to read.",
        "A label in {feature} overlaps its text box on my laptop.",
        "The spacing in {feature} looks odd.",
    ],
    "test": [
        "Tiny glitch: a heading in {feature} wraps oddly.",
        "The logo looks blurry on the login screen.",
        "Small spelling mistake in {feature}: recieve.",
        "The menu in {feature} flickers a little.",
    ],
}


def _fill(template: str, split: str, rng: random.Random) -> str:
    text = template.format(
        feature=rng.choice(FEATURES[split]),
        plan=rng.choice(PLANS),
        error=rng.choice(ERRORS[split]),
        n=rng.choice(COUNTS),
    )
    return text[0].upper() + text[1:]


def _main_sentence(split: str, rng: random.Random) -> tuple[str, str, str, str | None]:
    """(family, template, category, priority or None when an impact sentence sets it)."""
    kind = rng.choices(["problem", "question", "request", "cosmetic"], weights=[55, 25, 12, 8])[0]
    if kind == "problem":
        category = rng.choice(sorted(ISSUES))
        pool = ISSUES[category][split]
        n = rng.randrange(len(pool))
        frame = rng.choice(FRAMES[split])
        return f"{split}/problem/{category}/{n}", frame.format(issue=pool[n]), category, None
    if kind == "question":
        category = rng.choice(sorted(QUESTIONS))
        pool = QUESTIONS[category][split]
        n = rng.randrange(len(pool))
        return f"{split}/question/{category}/{n}", pool[n], category, "low"
    pool = (REQUESTS if kind == "request" else COSMETIC)[split]
    n = rng.randrange(len(pool))
    category = "feature-request" if kind == "request" else "bug"
    return f"{split}/{kind}/{n}", pool[n], category, "low"


NEIGHBOUR = {
    "billing": "account",
    "account": "security",
    "security": "account",
    "bug": "feature-request",
    "feature-request": "bug",
}


def _noisy(category: str, priority: str, rng: random.Random) -> tuple[str, str]:
    if rng.random() < NOISE:
        k = PRIORITIES.index(priority)
        priority = (
            PRIORITIES[k + 1] if k == 0 or (k < 3 and rng.random() < 0.5) else PRIORITIES[k - 1]
        )
    if rng.random() < NOISE / 2:
        category = NEIGHBOUR[category]
    return category, priority


def make_ticket(number: int, split: str, rng: random.Random) -> dict[str, str]:
    family, template, category, priority = _main_sentence(split, rng)
    parts = [rng.choice(OPENERS[split]), _fill(template, split, rng)]
    if priority is None:
        # An intrusion is never "normal", whatever workaround the customer found.
        weights = [2, 4, 0 if category == "security" else 4]
        priority = rng.choices(["urgent", "high", "normal"], weights=weights)[0]
        parts.append(_fill(rng.choice(IMPACTS[priority][split]), split, rng))
    if rng.random() < 0.25:
        parts.append(_fill(rng.choice(ASIDES[split]), split, rng))
    parts.append(rng.choice(CLOSERS[split]))
    category, priority = _noisy(category, priority, rng)
    return {
        "id": f"T{number:04d}",
        "text": " ".join(p for p in parts if p),
        "category": category,
        "priority": priority,
        "split": split,
        "family": family,
    }


def make_tickets() -> dict[str, object]:
    """The whole data set as the JSON-able object written to ``tickets.json``."""
    rng = random.Random(SEED)
    tickets = []
    for split, size in SIZES.items():
        for _ in range(size):
            tickets.append(make_ticket(len(tickets) + 1, split, rng))
    return {
        "about": (
            "Support tickets for the fictional company Tallybird, labelled with a category "
            "(billing, bug, account, feature-request, security) and a priority (low, normal, "
            "high, urgent; rules in kb/support.md). Generated by tests/snippets/make_tickets.py "
            "with a fixed seed. 'split' is train, dev (for choosing settings) or test (for "
            "reporting); the three splits are built from disjoint templates, filler phrases, "
            "product areas and error messages. 'family' names the template of the main "
            "sentence. About 5% of labels are a neighbouring choice, as in real triage data."
        ),
        "tickets": tickets,
    }


def render() -> str:
    """The exact text of ``tickets.json``."""
    return json.dumps(make_tickets(), indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
