"""Narrative text of the demo companies' 10-K/10-Q documents: business, risks, market risk.

All of it is invented for the seven fictional demo companies (nothing is copied from any filing).
Each company has a distinctive risk theme so that full-text search over the demo's filing chunks
has something to rank: supply chain concentration (PCDV), data privacy and cybersecurity (HLDG),
interest rates and credit losses (IVIH), clinical and regulatory risk (MRWT), export controls and
cyclical demand (QSMC), data-center availability (TLWD), food safety and commodity costs (CBKG).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Narrative:
    """Company-specific prose and statement labels of one demo company's periodic reports."""

    summary: str  # what the company does, one sentence (Item 1 opening, 10-Q Note 1)
    business: tuple[str, ...]  # further Item 1 paragraphs
    revenue_label: str  # income statement line of total revenue
    cost_label: str  # income statement line of cost of revenue
    revenue_lines: tuple[str, ...]  # Note 2 disaggregation lines (ignored for a tagged slice)
    risks: tuple[tuple[str, str], ...]  # (heading, paragraph): the company's distinctive risks
    market_risk: str  # Item 7A paragraph
    drivers: str  # MD&A: what moved results
    properties: str  # Item 2 after the headquarters sentence
    legal: str  # Item 3
    employees: int  # approximate headcount at the latest fiscal year end


NARRATIVES: dict[int, Narrative] = {
    9990001: Narrative(
        summary=(
            "Halcyon Ledger Software, Inc. provides cloud-based accounting, billing and"
            " revenue-management software to mid-sized businesses, sold mainly as multi-year"
            " subscriptions."
        ),
        business=(
            "Our platform, Halcyon Ledger Cloud, gives finance teams a general ledger, automated"
            " invoicing, collections and close management in one subscription. Customers store"
            " their ledgers, invoices and payment details with us, and many connect our software"
            " to their banks and payroll providers through our integration marketplace.",
            "We sell through a direct sales force and a network of accounting-firm partners."
            " Subscription contracts typically run one to three years and are billed annually in"
            " advance; professional services for implementation are billed as performed.",
            "We compete with large enterprise-resource-planning vendors and with smaller"
            " point solutions. We believe customers choose us for ease of implementation, the"
            " depth of our revenue-management features and the security of our platform.",
        ),
        revenue_label="Total revenue",
        cost_label="Cost of revenue",
        revenue_lines=("Subscription", "Professional services"),
        risks=(
            (
                "A breach of our security measures or unauthorized access to customer data could"
                " harm our reputation and business.",
                "Our customers entrust us with general ledgers, bank account details and personal"
                " information about their employees and customers. Cybersecurity incidents,"
                " ransomware, credential-stuffing attacks or errors by our personnel could expose"
                " that data. A significant data privacy incident could lead customers to cancel"
                " subscriptions, trigger notification obligations in many jurisdictions, expose us"
                " to regulatory investigations and litigation, and require us to spend heavily on"
                " remediation. Our insurance may not cover all losses from such an event.",
            ),
            (
                "Evolving data privacy and data protection laws could increase our costs and limit"
                " the use of our platform.",
                "We are subject to data privacy laws in the United States, the European Union and"
                " other jurisdictions, including rules on cross-border transfers of personal data."
                " These laws are changing quickly and are not always consistent with one another."
                " Complying with new data privacy requirements may force us to change our data"
                " residency architecture, delay product launches or restrict features that rely on"
                " customer data, and a failure to comply could result in substantial fines.",
            ),
            (
                "We rely on third-party cloud hosting providers, and interruptions in their"
                " services could impair our platform.",
                "Our platform runs in data centers operated by two public cloud providers. Any"
                " outage, capacity shortfall or change in their terms could interrupt service to"
                " our customers during month-end close, when usage peaks. Service-level credits,"
                " lost renewals and damage to our reputation could follow.",
            ),
            (
                "Our growth depends on customers renewing and expanding their subscriptions.",
                "Customers have no obligation to renew after the contract term, and renewal rates"
                " may decline if customers are dissatisfied, consolidate vendors or reduce their"
                " finance headcount. Because we recognize subscription revenue ratably, a decline"
                " in renewals would not be fully reflected in our results for several quarters.",
            ),
        ),
        market_risk=(
            "Our exposure to market risk relates mainly to interest rates on our cash"
            " equivalents and on our convertible senior notes, which bear a fixed rate. A"
            " hypothetical 100 basis point change in interest rates would not have a material"
            " effect on the fair value of our investment portfolio. Most of our revenue is"
            " denominated in U.S. dollars, so foreign currency risk is limited."
        ),
        drivers=(
            "Revenue growth reflected new subscriptions from mid-sized customers and expansion"
            " within existing accounts, partly offset by lower professional services revenue."
        ),
        properties=(
            "We lease our headquarters office space and smaller offices in Denver and Dublin."
            " We do not own any real property and our platform runs in third-party data centers."
        ),
        legal=(
            "From time to time we are involved in claims arising in the ordinary course of"
            " business, including claims related to data privacy. We are not currently a party"
            " to any legal proceeding that we believe is likely to have a material adverse effect"
            " on our business."
        ),
        employees=3400,
    ),
    9990002: Narrative(
        summary=(
            "Pinecrest Devices Corp. designs and sells personal computers, tablets and"
            " accessories for consumers, schools and businesses."
        ),
        business=(
            "Our products are assembled by contract manufacturers, principally in Asia, from"
            " components that we source from a concentrated group of suppliers. We sell through"
            " retailers, education distributors and our own online store.",
            "Our business is seasonal: net sales are highest in our first fiscal quarter, which"
            " includes the holiday season, and in the weeks before the start of the school year.",
            "We compete in highly competitive markets characterized by aggressive pricing, rapid"
            " product cycles and short product life. We focus on industrial design, battery life"
            " and device management tools for schools.",
        ),
        revenue_label="Net sales",
        cost_label="Cost of sales",
        revenue_lines=("Computers", "Tablets", "Accessories and services"),
        risks=(
            (
                "Our supply chain concentration exposes us to disruptions from a small number of"
                " suppliers and contract manufacturers.",
                "Several critical components, including display panels, custom processors and"
                " battery cells, are available only from single or limited sources, and final"
                " assembly of substantially all of our products is performed by three contract"
                " manufacturers in a small number of locations. Natural disasters, public health"
                " measures, trade disputes or the financial failure of a supplier could interrupt"
                " production. This supply chain concentration means we may be unable to find"
                " alternative sources quickly or on acceptable terms.",
            ),
            (
                "Component shortages and price increases could reduce our gross margin.",
                "Industry-wide shortages of memory and display components have in the past"
                " increased our costs and delayed shipments. We commit to purchase components well"
                " ahead of demand, and if demand falls we may hold excess inventory or incur"
                " cancellation charges.",
            ),
            (
                "Tariffs and trade restrictions could increase our costs.",
                "A significant portion of our products is imported into the United States from"
                " Asia. New tariffs, export restrictions or changes in trade agreements could raise"
                " our cost of sales, and we may not be able to pass those costs on to customers.",
            ),
            (
                "Our results depend heavily on the holiday season and on school purchasing.",
                "A shortfall in demand during our first fiscal quarter, or delays in education"
                " budgets, could have a disproportionate effect on our results for the year.",
            ),
        ),
        market_risk=(
            "We are exposed to foreign currency risk because our contract manufacturers and"
            " several suppliers price in currencies other than the U.S. dollar, and to interest"
            " rate risk on our fixed-rate notes. A 10% adverse change in the exchange rates that"
            " affect our component costs would have reduced gross margin by an amount we do not"
            " consider material for the year."
        ),
        drivers=(
            "Net sales reflected higher education volumes and a richer mix of premium notebooks,"
            " while gross margin reflected component costs and freight."
        ),
        properties=(
            "We own our headquarters campus and a distribution center in Reno, Nevada, and lease"
            " engineering offices in Taipei and Shenzhen."
        ),
        legal=(
            "We are defending several patent infringement claims brought by non-practicing"
            " entities. We do not believe these claims, individually or together, are likely to"
            " have a material adverse effect on our financial position."
        ),
        employees=11800,
    ),
    9990003: Narrative(
        summary=(
            "Quillon Semiconductor Corp. designs mixed-signal and power-management chips for"
            " data-center, automotive and industrial customers and has them manufactured by"
            " third-party foundries."
        ),
        business=(
            "We are a fabless semiconductor company: we design our products and outsource wafer"
            " fabrication, assembly and test. Our products regulate power in servers, electric"
            " vehicles and factory equipment.",
            "We sell directly to manufacturers and through distributors. A small number of"
            " customers account for a large share of our revenue, and design wins can take two to"
            " three years to turn into volume production.",
            "The semiconductor industry is cyclical: customers periodically build inventory"
            " ahead of demand and then work it down, which can move our revenues sharply from"
            " one year to the next.",
        ),
        revenue_label="Revenues",
        cost_label="Cost of revenues",
        revenue_lines=("Data center", "Automotive", "Industrial and other"),
        risks=(
            (
                "Export controls and trade restrictions could prevent us from selling to some"
                " customers.",
                "Our products and technology are subject to export controls. New export controls"
                " on semiconductors, or licensing requirements for shipments to particular"
                " countries or end users, could bar us from selling to some customers, require"
                " costly compliance programs and encourage customers to design in competitors'"
                " products that are not subject to the same restrictions.",
            ),
            (
                "The cyclical nature of the semiconductor industry causes large swings in our"
                " revenue.",
                "Periods of excess customer inventory have reduced our revenues significantly and"
                " may do so again. During a downturn we may be left with inventory and fixed"
                " foundry commitments, which would reduce our gross margin.",
            ),
            (
                "We depend on a limited number of foundries.",
                "Substantially all of our wafers are manufactured by two foundries. If they cannot"
                " allocate enough capacity, raise prices or suffer disruptions, we may be unable to"
                " meet customer demand.",
            ),
            (
                "Judgments in revenue recognition could require us to restate reported revenue.",
                "Determining whether we act as principal or agent in arrangements where a"
                " customer's contract manufacturer buys our products requires judgment. A change"
                " in that assessment could require us to restate previously reported revenue and"
                " cost of revenues, even though gross profit would not change.",
            ),
        ),
        market_risk=(
            "We are exposed to interest rate risk on our term loan, which bears a floating rate,"
            " and to foreign currency risk on operating expenses of our design centers outside"
            " the United States. A 100 basis point increase in interest rates would increase"
            " annual interest expense on our floating-rate borrowings by an amount we do not"
            " consider material."
        ),
        drivers=(
            "Revenues reflected changes in customer inventory levels in the data-center and"
            " industrial markets."
        ),
        properties=(
            "We lease our headquarters and design centers in Austin, Texas and Bangalore, India."
            " We do not own wafer fabrication facilities."
        ),
        legal=(
            "We are not a party to any legal proceeding that we believe is likely to have a"
            " material adverse effect on our business, financial condition or results."
        ),
        employees=2900,
    ),
    9990004: Narrative(
        summary=(
            "Marrowind Therapeutics, Inc. is a biopharmaceutical company that develops and sells"
            " therapies for rare bone-marrow disorders."
        ),
        business=(
            "Our first product, MARVELLA, is approved in the United States for a rare anemia and"
            " is sold through specialty pharmacies. We also earn collaboration and license"
            " revenue from a partner that develops our second program outside the United States.",
            "Our pipeline includes two product candidates in Phase 2 clinical trials. Clinical"
            " development is expensive and uncertain, and most of our operating expenses are"
            " research and development costs.",
            "We have incurred losses in most periods since our inception and have funded our"
            " operations mainly through sales of our common stock.",
        ),
        revenue_label="Total revenues",
        cost_label="Cost of goods sold",
        revenue_lines=("Product revenue, net", "Collaboration and license revenue"),
        risks=(
            (
                "Our product candidates may fail in clinical trials or fail to receive regulatory"
                " approval.",
                "Clinical trials may not demonstrate safety and efficacy, may take longer than"
                " planned, or may produce results that the FDA or foreign regulators do not"
                " consider sufficient. If a Phase 2 trial fails, or if regulators require"
                " additional studies, the value of our pipeline and our stock price could fall"
                " sharply.",
            ),
            (
                "We depend on a single approved product for most of our product revenue.",
                "Sales of MARVELLA depend on physician adoption, payer coverage and"
                " reimbursement. Competing therapies, pricing pressure or new safety information"
                " could reduce sales.",
            ),
            (
                "We will need substantial additional funding and may not be able to raise it.",
                "We expect to continue to incur losses. We may raise capital through equity"
                " offerings that dilute existing stockholders, or through debt that restricts our"
                " operations. If we cannot raise funds when needed, we may have to delay or stop"
                " clinical programs.",
            ),
            (
                "We rely on third-party manufacturers and clinical research organizations.",
                "A single contract manufacturer produces MARVELLA, and clinical research"
                " organizations run our trials. Manufacturing or compliance failures at these"
                " parties could interrupt supply or delay our trials.",
            ),
        ),
        market_risk=(
            "As a smaller reporting company we are not required to provide quantitative and"
            " qualitative disclosures about market risk. Our cash equivalents are held in money"
            " market funds, and our term loan bears a fixed rate."
        ),
        drivers=(
            "Product revenue grew with new patient starts for MARVELLA, while collaboration"
            " revenue reflected milestone timing; research and development costs reflected our"
            " Phase 2 trials."
        ),
        properties=(
            "We lease office and laboratory space at our headquarters and a small office in"
            " Basel, Switzerland."
        ),
        legal=(
            "We are not currently a party to any material legal proceedings. We have received a"
            " paragraph IV notice letter concerning a patent covering MARVELLA and are"
            " evaluating our response."
        ),
        employees=410,
    ),
    9990005: Narrative(
        summary=(
            "Ironvale Industrial Holdings, Inc. manufactures pumps, compressors and motion-control"
            " equipment for industrial, energy and municipal water customers."
        ),
        business=(
            "We operate twenty-two manufacturing plants in North America and Europe and sell"
            " through a network of independent distributors and directly to large end users."
            " Our aftermarket parts and service business provides recurring revenue from our"
            " installed base.",
            "Through our financing subsidiary we provide equipment financing and extended payment"
            " terms to distributors and customers, which exposes us to their credit risk.",
            "Steel, copper and castings are our principal raw materials; we purchase them from"
            " multiple suppliers under annual agreements.",
        ),
        revenue_label="Net sales",
        cost_label="Cost of products sold",
        revenue_lines=("Pumps and compressors", "Motion control", "Aftermarket parts and service"),
        risks=(
            (
                "Rising interest rates increase our borrowing costs and may reduce demand for our"
                " equipment.",
                "A portion of our debt, including our revolving credit facility and term loan,"
                " bears interest at floating rates, so higher interest rates increase our interest"
                " expense and reduce cash available for dividends and share repurchases. Higher"
                " interest rates also make it more expensive for customers to finance capital"
                " equipment, which has historically delayed orders. For our debt maturities and"
                " liquidity, see Item 7 of this Form 10-K, under Liquidity and Capital Resources,"
                " and Note 3 to our consolidated financial statements.",
            ),
            (
                "We are exposed to credit losses on financing receivables and trade receivables.",
                "Our financing subsidiary holds receivables from distributors and customers, many"
                " of them small businesses. An economic downturn, a decline in commodity prices"
                " affecting energy customers, or the failure of a large distributor could increase"
                " credit losses. Our allowance for credit losses is based on estimates of expected"
                " losses that may prove inadequate, and increases in the allowance would reduce"
                " our earnings.",
            ),
            (
                "Volatile steel and copper prices could reduce our margins.",
                "We may not be able to raise prices quickly enough to offset increases in the cost"
                " of steel, copper and castings, and our fixed-price contracts limit our ability to"
                " pass on cost increases.",
            ),
            (
                "Our pension obligations could require larger contributions.",
                "We sponsor defined benefit pension plans for current and former employees. Lower"
                " discount rates or poor investment returns could increase our funding"
                " obligations.",
            ),
        ),
        market_risk=(
            "Interest rate risk: borrowings under our term loan and revolving credit facility bear"
            " interest at floating rates. A 100 basis point increase in interest rates would"
            " increase our annual interest expense by approximately 1% of our floating-rate"
            " borrowings. Credit risk: we monitor the credit quality of our financing receivables"
            " and maintain an allowance for credit losses. Commodity risk: we are exposed to"
            " changes in the price of steel and copper."
        ),
        drivers=(
            "Net sales reflected pricing actions and aftermarket demand, partly offset by lower"
            " project volumes in energy markets; higher interest rates increased interest expense."
        ),
        properties=(
            "We own our headquarters and most of our manufacturing plants, located in Ohio,"
            " Pennsylvania, Texas, Mexico, Germany and Poland."
        ),
        legal=(
            "We are a defendant in lawsuits alleging exposure to asbestos in products sold decades"
            " ago. We believe our reserves and insurance are adequate to cover these claims."
        ),
        employees=14200,
    ),
    9990006: Narrative(
        summary=(
            "Tallowmere Data Services, Ltd. provides payment processing, payroll data and"
            " managed hosting services to banks, retailers and government agencies."
        ),
        business=(
            "We process transactions and host applications in six company-operated data centers"
            " in the United States. Most of our revenue is recurring and is earned per transaction"
            " or under multi-year managed services contracts.",
            "Our customers depend on our services being available around the clock. We invest in"
            " redundant power, network and cooling systems and in disaster-recovery capabilities.",
            "We compete with the processing businesses of large banks, with hyperscale cloud"
            " providers and with specialized processors.",
        ),
        revenue_label="Revenue",
        cost_label="Cost of services",
        revenue_lines=("Payment processing", "Managed hosting", "Payroll data services"),
        risks=(
            (
                "Service outages at our data centers could cause us to lose customers and incur"
                " penalties.",
                "Power failures, cooling failures, software defects, cyberattacks or natural"
                " disasters could interrupt processing at one of our data centers. Because our"
                " contracts include service-level commitments, a prolonged outage could require us"
                " to pay service credits, and data-center availability problems could lead"
                " customers to move their processing elsewhere.",
            ),
            (
                "Rising energy costs increase the cost of operating our data centers.",
                "Electricity is one of our largest operating costs. Energy prices in the regions"
                " where our data centers are located have been volatile, and our contracts do not"
                " always allow us to pass increases on to customers.",
            ),
            (
                "Our customer contracts are concentrated among a small number of large customers.",
                "Our ten largest customers account for a significant share of revenue. The"
                " non-renewal of a large managed hosting contract could reduce our revenue and"
                " leave data-center capacity unused.",
            ),
            (
                "Regulation of payment processing could increase our compliance costs.",
                "We are subject to card network rules and to regulations on payment processing and"
                " anti-money laundering. Changes in these rules could require costly changes to our"
                " systems.",
            ),
        ),
        market_risk=(
            "We are exposed to interest rate risk on our floating-rate term loan and to"
            " commodity price risk on electricity used by our data centers. We hedge a portion of"
            " expected electricity purchases with fixed-price supply agreements."
        ),
        drivers=(
            "Revenue reflected growth in processed transaction volumes and new managed hosting"
            " contracts; cost of services reflected higher electricity prices."
        ),
        properties=(
            "We own four of our six data centers and lease the other two, as well as office"
            " space in Dallas and Charlotte."
        ),
        legal=(
            "We are party to claims arising in the ordinary course of business, including claims"
            " for service credits. We do not expect them to have a material adverse effect."
        ),
        employees=5600,
    ),
    9990007: Narrative(
        summary=(
            "Cobblestone Kitchen Group, Inc. owns, operates and franchises casual-dining"
            " restaurants under the Cobblestone Kitchen and Hearthside Grill brands."
        ),
        business=(
            "We operate about 640 company-owned restaurants and franchise about 210 more in"
            " thirty states. Our restaurants serve lunch and dinner, and off-premises orders"
            " account for a growing share of sales.",
            "Food, beverage and packaging costs and restaurant labor are our largest costs. We"
            " buy most of our food through a national distributor under a long-term agreement.",
            "Our fiscal year is a 52- or 53-week year ending on the last Saturday of December.",
        ),
        revenue_label="Total revenues",
        cost_label="Restaurant operating costs",
        revenue_lines=("Restaurant sales", "Franchise revenues"),
        risks=(
            (
                "Food safety incidents could damage our brands and reduce sales.",
                "Foodborne illness outbreaks, contamination or food safety lapses at one of our"
                " restaurants or suppliers could result in illness, litigation, closures and"
                " negative publicity affecting all of our restaurants. Our food safety programs"
                " cannot eliminate these risks entirely.",
            ),
            (
                "Volatile commodity costs could reduce our restaurant margins.",
                "Prices of beef, poultry, dairy, cooking oil and produce fluctuate with weather,"
                " disease, fuel prices and demand. We may not be able to raise menu prices enough"
                " to offset commodity cost increases without reducing guest traffic.",
            ),
            (
                "Labor shortages and higher wages increase our costs.",
                "Increases in minimum wages, competition for restaurant workers and changes in"
                " scheduling laws raise our labor costs, and staffing shortages can force us to"
                " reduce hours of operation.",
            ),
            (
                "Our franchisees could fail to meet their obligations.",
                "We depend on franchisees to operate their restaurants to our standards and to pay"
                " royalties. Franchisee financial difficulties could reduce our franchise"
                " revenues and harm our brands.",
            ),
        ),
        market_risk=(
            "We are exposed to commodity price risk on food and beverage purchases and to"
            " interest rate risk on our variable-rate credit facility. A 10% increase in the cost"
            " of our principal commodities would have increased restaurant operating costs by an"
            " amount we estimate at less than 3% of revenues."
        ),
        drivers=(
            "Revenues reflected menu price increases and new restaurant openings, partly offset"
            " by lower guest traffic; restaurant operating costs reflected commodity and wage"
            " inflation."
        ),
        properties=(
            "We lease substantially all of our restaurant sites and own our headquarters"
            " building and a training center in Franklin, Tennessee."
        ),
        legal=(
            "We are subject to employment-related claims and guest claims alleging illness or"
            " injury, which are typical of the restaurant industry. We do not believe any of these"
            " matters is material."
        ),
        employees=38500,
    ),
}

#: Risks every company discloses, after its own.
COMMON_RISKS: tuple[tuple[str, str], ...] = (
    (
        "Adverse economic conditions could reduce demand for our products and services.",
        "Inflation, higher interest rates, slower economic growth or financial market"
        " disruptions could lead customers to reduce or delay spending. Our liquidity depends on"
        " cash generated by operations and access to credit markets; for a discussion of our"
        " sources of liquidity, see Item 7 of this Form 10-K, where we describe our cash flows,"
        " debt and capital allocation.",
    ),
    (
        "The market price of our common stock may be volatile.",
        "The trading price of our common stock has fluctuated and may continue to fluctuate in"
        " response to our results, changes in analysts' estimates, announcements by competitors"
        " and general market conditions, many of which are beyond our control.",
    ),
)
