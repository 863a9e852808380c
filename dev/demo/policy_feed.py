"""A small feed in the shape of the Fed's `press_monetary.xml`, for the demo mirror and tests.

Hand-written (there is no recorded copy of the feed): the titles, links, publication times
(2:00 p.m. Eastern) and decision sentences are those of real 2022-2024 releases; the real feed's
descriptions are often just the title, so one statement here carries only that, as does every
non-statement item. `python -m dev.demo.policy_feed DIR` writes it into a mirror root.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

from ingestion.replay import mirror_url
from ingestion.sources.policy import settings

RELEASES_URL = "https://www.federalreserve.gov/newsevents/pressreleases"
STATEMENT_TITLE = "Federal Reserve issues FOMC statement"


class SampleItem(NamedTuple):
    slug: str  # monetaryYYYYMMDDa
    title: str
    published: str  # RFC 822, as the feed writes it
    description: str
    has_guid: bool = True


# fmt: off
SAMPLE_ITEMS: tuple[SampleItem, ...] = (
    SampleItem("monetary20241218a", STATEMENT_TITLE, "Wed, 18 Dec 2024 19:00:00 GMT",
               "<p>In support of its goals, the Committee decided to lower the target range for "
               "the federal funds rate by 1/4 percentage point to 4-1/4 to 4-1/2 percent.</p>"),
    SampleItem("monetary20241107a", STATEMENT_TITLE, "Thu, 07 Nov 2024 14:00:00 -0500",
               "In support of its goals, the Committee decided to lower the target range for the "
               "federal funds rate by 1/4 percentage point to 4-1/2 to 4-3/4 percent."),
    SampleItem("monetary20240918b",
               "Federal Reserve Board and Federal Open Market Committee release economic "
               "projections from the September 17-18 FOMC meeting",
               "Wed, 18 Sep 2024 18:00:00 GMT",
               "Federal Reserve Board and Federal Open Market Committee release economic "
               "projections from the September 17-18 FOMC meeting"),
    SampleItem("monetary20240918a", STATEMENT_TITLE, "Wed, 18 Sep 2024 18:00:00 GMT",
               "In light of the progress on inflation and the balance of risks, the Committee "
               "decided to lower the target range for the federal funds rate by 1/2 percentage "
               "point to 4-3/4 to 5 percent."),
    SampleItem("monetary20240821a",
               "Minutes of the Federal Open Market Committee, July 30-31, 2024",
               "Wed, 21 Aug 2024 18:00:00 GMT",
               "Minutes of the Federal Open Market Committee, July 30-31, 2024"),
    SampleItem("monetary20240731a", STATEMENT_TITLE, "Wed, 31 Jul 2024 18:00:00 GMT",
               "In support of its goals, the Committee decided to maintain the target range for "
               "the federal funds rate at 5-1/4 to 5-1/2 percent."),
    SampleItem("monetary20231213a", STATEMENT_TITLE, "Wed, 13 Dec 2023 19:00:00 GMT",
               STATEMENT_TITLE),
    SampleItem("monetary20230726a", STATEMENT_TITLE, "Wed, 26 Jul 2023 18:00:00 GMT",
               "In support of its goals, the Committee decided to raise the target range for the "
               "federal funds rate to 5-1/4 to 5-1/2 percent."),
    SampleItem("monetary20220615a", STATEMENT_TITLE, "Wed, 15 Jun 2022 18:00:00 GMT",
               "In support of its goals, the Committee decided to raise the target range for the "
               "federal funds rate to 1-1/2 to 1-3/4 percent and anticipates that ongoing "
               "increases in the target range will be appropriate.",
               has_guid=False),
    SampleItem("monetary20220316a", STATEMENT_TITLE, "Wed, 16 Mar 2022 18:00:00 GMT",
               "With appropriate firming in the stance of monetary policy, the Committee expects "
               "inflation to return to its 2 percent objective and the labor market to remain "
               "strong. In support of these goals, the Committee decided to raise the target "
               "range for the federal funds rate to 1/4 to 1/2 percent and anticipates that "
               "ongoing increases in the target range will be appropriate."),
)
# fmt: on


def _item(item: SampleItem) -> str:
    link = f"{RELEASES_URL}/{item.slug}.htm"
    guid = f'    <guid isPermaLink="true">{escape(link)}</guid>\n' if item.has_guid else ""
    return (
        "  <item>\n"
        f"    <title>{escape(item.title)}</title>\n"
        f"    <link>{escape(link)}</link>\n"
        f"{guid}"
        f"    <description><![CDATA[{item.description}]]></description>\n"
        "    <category><![CDATA[Monetary Policy]]></category>\n"
        f"    <pubDate>{item.published}</pubDate>\n"
        "  </item>\n"
    )


def policy_feed_xml() -> bytes:
    """The sample feed document (RSS 2.0, UTF-8), newest item first like the real feed."""
    items = "".join(_item(item) for item in SAMPLE_ITEMS)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n'
        "<channel>\n"
        "  <title>FRB: Press Release - Monetary Policy</title>\n"
        "  <link>https://www.federalreserve.gov/feeds/press_monetary.html</link>\n"
        "  <description>Federal Reserve Board - Monetary Policy Press Releases</description>\n"
        "  <language>en-us</language>\n"
        f"{items}"
        "</channel>\n"
        "</rss>\n"
    ).encode()


def feed_mirror_path(root: Path, feed_url: str = settings.FEED_URL) -> Path:
    """Where the feed's body lives in a mirror root (docs/architecture.md "Mirror layout")."""
    relative = mirror_url("http://mirror", feed_url).removeprefix("http://mirror/")
    return root / relative


def write_sample(root: Path) -> Path:
    """Write the sample feed into the mirror root `root`; returns the file written."""
    path = feed_mirror_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(policy_feed_xml())
    return path


if __name__ == "__main__":
    print(write_sample(Path(sys.argv[1])))
