"""Headlines, standfirsts, story text, tags and staff for the demo archive,
as a local paper's would read: each section has its own kinds of story, and
every headline names a place drawn from the archive's long tail of rare
words, so a search for it finds a realistic handful of stories
(bench/pages.py searches for one)."""

# Each headline names {place}; some also name a second place, a number or a sum.
HEADLINES = {
    "news": [
        "{place} residents told to boil water after main bursts",
        "Flood warning for {place} as heavy rain continues",
        "Police appeal for witnesses after crash near {place}",
        "New bridge at {place} opens two years late",
        "{place} school to close as pupil numbers fall",
        "Fire crews tackle warehouse blaze in {place}",
        "Rail services between {place} and {place2} cut for repairs",
        "{place} hospital opens its new emergency department",
        "Storm brings down trees across {place}",
        "Bus routes to {place} restored after {number} weeks",
    ],
    "politics": [
        "Council approves {money} budget after late-night vote in {place}",
        "Minister promises review after {place} housing row",
        "Mayor of {place} faces questions over bypass plan",
        "Opposition calls for inquiry into {place} contracts",
        "Voters in {place} head to the polls in by-election",
        "{place} councillors vote to freeze parking charges",
        "Parliament passes {place} port bill by {number} votes",
        "Candidates in {place} clash over the cost of living",
    ],
    "business": [
        "{place} Foods to create {number} jobs at new factory",
        "Shops in {place} report busiest weekend of the year",
        "{place} Energy shares slide after profit warning",
        "Port of {place} handles record cargo volumes",
        "Family bakery in {place} celebrates its centenary",
        "{place} market traders fear rent rise",
        "Tech firm moves its head office to {place}",
        "{place} brewery bought in {money} deal",
    ],
    "sport": [
        "{place} United win the derby with a late goal",
        "{place} Rovers sign striker on a three-year deal",
        "Coach leaves {place} City after {number} seasons",
        "{place} through to the cup final on penalties",
        "Record crowd sees {place} beat {place2}",
        "Marathon returns to the streets of {place}",
        "{place} cricket club names its new captain",
        "Swimmer from {place} breaks national record",
    ],
    "culture": [
        "Review: a bold new staging at the {place} Playhouse",
        "{place} festival announces its biggest line-up yet",
        "{place} museum reopens after {money} restoration",
        "Novelist from {place} wins first-book prize",
        "Orchestra to play free concerts in {place} parks",
        "Lost painting found in a {place} attic",
        "{place} library marks {number} years with a street party",
    ],
    "science": [
        "Researchers count {number} species in the {place} estuary",
        "{place} University team finds a cheaper way to store solar power",
        "Rare bird returns to {place} after {number} years",
        "Cleaner air in {place} linked to fewer hospital visits",
        "Observatory above {place} opens to the public",
        "Dig at {place} uncovers Roman road",
    ],
    "opinion": [
        "{place} deserves better than another stalled plan",
        "The {place} bypass will not fix our traffic",
        "What {place}'s young people are trying to tell us",
        "Our high streets can thrive again: look at {place}",
        "Letter from {place}: the quiet work of volunteers",
    ],
}

STANDFIRSTS = [
    "Officials said the work would be finished by {month} and apologised for "
    "the disruption.",
    "The decision follows months of debate and a petition signed by {number} people.",
    "Residents say they were not consulted; the council says it followed the rules.",
    "It is the first time in {number} years that the figure has fallen.",
    "Supporters called it a turning point; critics said it came too late.",
    "The plan now goes to a public hearing in {month}.",
    "Those involved say the hard part is only beginning.",
    "Figures seen by this newspaper show the cost has nearly doubled.",
]

# A story's sentences. Their places come from the rare words too, so that a
# search for one matches bodies as well as headlines.
SENTENCES = [
    "{place} council said the {thing} would cost more than first expected.",
    "Residents have until the end of {month} to comment on the plans.",
    "A spokesperson for the {thing} said the figures were being checked.",
    "The {thing} has been closed since {month}, when {number} people were affected.",
    "“We have listened to what people told us,” said {name}, who chairs the "
    "{thing} committee.",
    "Work is expected to start in {month} and to take about {number} weeks.",
    "Critics say the {thing} in {place} has been neglected for years.",
    "The {thing} employs about {number} people across the region.",
    "Figures published on {weekday} show a rise of {percent} per cent on last year.",
    "Opposition councillors called the decision “a missed chance”.",
    "{name}, who has lived in {place} for {number} years, said little had changed.",
    "The plans include a new {thing} and better links to {place}.",
    "Police said inquiries were continuing and asked anyone with information "
    "to come forward.",
    "It is the third time this year that the {thing} has been closed.",
    "Campaigners will meet at the {thing} in {place} on {weekday} evening.",
    "The government said it would respond in due course.",
    "Traders in {place} say business has fallen since the {thing} closed.",
    "A final decision is expected in {month}.",
    "The cost has risen to {money}, according to a report seen by this newspaper.",
    "Those who were there described a calm, orderly evening.",
    "“This is a good day for {place},” said {name}.",
    "The {thing} will stay open while the work is carried out.",
]
SUBHEADS = ["What happens next", "The background", "What people say", "The cost"]
THINGS = (
    "bridge|harbour|hospital|school|library|museum|market|station|bypass|"
    "leisure centre|football ground|rail line|town hall|bus station|water works"
).split("|")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
# Tags: the topics a local paper files stories under, then places' topics.
TOPICS = (
    "Housing|Transport|Schools|Health|Climate|Elections|Crime|Courts|Energy|"
    "Jobs|Football|Cricket|Theatre|Music|Books|Research|Wildlife|Weather|"
    "Floods|Budget|Planning|Rail|Roads|Ports|Farming|Food|Tourism|Festivals|"
    "Museums|Universities|Hospitals|Police|Parliament|Economy|Shops|"
    "Technology|Heritage|Rivers|Sailing|Cycling"
).split("|")
MONTHS = ["January", "March", "April", "June", "September", "October"]
SUMS = ["£2m", "£4.5m", "£12m", "£850,000", "£30m", "£1.2bn"]

FIRST_NAMES = (
    "Amara Ben Chloe Dev Elena Farid Grace Hamish Imogen Jonah Kavya Liam Maya "
    "Niall Olu Priya Quentin Rosa Samir Tess Umar Vera Wes Xiu Yusuf Zara Ada "
    "Bruno Cara Dmitri Esme Felix Gita Hugo Ines Jack Kofi Lena Marco Nadia"
).split()
LAST_NAMES = (
    "Achebe Brennan Castillo Doyle Eriksen Fairweather Garcia Hughes Iqbal "
    "Jansen Kowalski Lindqvist McAllister Nakamura Okafor Patel Quinn Reyes "
    "Sato Thornton Underwood Varga Whitfield Xu Yilmaz Zielinski Abbott Bishop "
    "Chowdhury Delaney Evans Fischer Greene Hussain Ito Jones Kaur Lopez Morgan"
).split()

# What each section's writers are called, and what they cover.
ROLES = {
    "news": [("Reporter", "local news"), ("Transport correspondent", "transport")],
    "politics": [
        ("Political correspondent", "politics"),
        ("Local democracy reporter", "the council"),
    ],
    "business": [("Business editor", "business"), ("Reporter", "the economy")],
    "sport": [("Chief sports writer", "sport"), ("Football reporter", "football")],
    "culture": [("Arts critic", "the arts"), ("Culture reporter", "culture")],
    "science": [
        ("Science correspondent", "science"),
        ("Environment reporter", "the environment"),
    ],
    "opinion": [("Columnist", "the region"), ("Associate editor", "ideas")],
}
PREVIOUS_PAPERS = ["Gazette", "Courier", "Evening Post", "Chronicle", "Herald"]
SUBJECTS = ["history", "physics", "law", "economics", "English", "geography"]

# Which of demo_photos' scenes suit each section's stories; none for opinion,
# whose columns go without a photo, as most papers' do.
SCENES = {
    "news": ["harbour", "bridge", "hills", "skyline"],
    "politics": ["meeting", "skyline"],
    "business": ["skyline", "market", "harbour"],
    "sport": ["pitch"],
    "culture": ["stage", "market"],
    "science": ["hills", "harbour", "bridge"],
    "opinion": [],
}


def template_words():
    """The words headlines always have, whatever their places: a search for
    one of these finds a whole kind of story, not a few."""
    return frozenset(
        word.lower()
        for templates in HEADLINES.values()
        for template in templates
        for word in template.split()
        if "{" not in word
    )


def headline(rng, section_slug, place, place2):
    template = rng.choice(HEADLINES[section_slug])
    return template.format(
        place=place,
        place2=place2,
        number=rng.choice([3, 12, 40, 150, 300, 2000]),
        money=rng.choice(SUMS),
    )


def standfirst(rng):
    return rng.choice(STANDFIRSTS).format(
        month=rng.choice(MONTHS), number=rng.choice([10, 25, 3000, 12000])
    )


def paragraph(rng, place, sentences):
    """`sentences` sentences of a story set in places `place()` names."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    text = " ".join(
        sentence.format(
            place=place(),
            thing=rng.choice(THINGS),
            month=rng.choice(MONTHS),
            number=rng.choice([3, 12, 40, 150, 300, 2000]),
            name=name,
            weekday=rng.choice(WEEKDAYS),
            percent=rng.choice([4, 7, 12, 18]),
            money=rng.choice(SUMS),
        )
        for sentence in rng.sample(SENTENCES, sentences)
    )
    return f"<p>{text}</p>"


def subhead(rng):
    return f"<h2>{rng.choice(SUBHEADS)}</h2>"


def profile(rng, first, section_slug, place):
    """A role and a biography for a writer of one section."""
    role, beat = rng.choice(ROLES[section_slug])
    bio = (
        f"{first} covers {beat}. {first} joined in {rng.randint(2008, 2023)} from "
        f"the {place} {rng.choice(PREVIOUS_PAPERS)} and studied "
        f"{rng.choice(SUBJECTS)}."
    )
    return role, bio
