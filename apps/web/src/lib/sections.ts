/** A working area of Jaga, shown in the navigation. */
export interface Section {
  path: string;
  title: string;
  /** One line on what the area is for. */
  purpose: string;
  /** What will appear here once there is data, said plainly (no sample data is ever shown). */
  emptyState: string;
  /** Pages of this area that already work, shown above the empty state. */
  pages?: readonly { path: string; title: string; description: string }[];
}

/** The areas of the web app, in navigation order. */
export const SECTIONS: readonly Section[] = [
  {
    path: '/screening',
    title: 'Screening',
    purpose: 'Risk scoring of job ads and recruitment posts, with the reasons behind each score.',
    emptyState:
      'Posts that screening sends to review or removal will be listed here by risk, with the words that raised the flag highlighted.',
    pages: [
      {
        path: '/screening/queue',
        title: 'Moderation queue',
        description:
          'Flagged posts riskiest first, with the words that raised the flag highlighted, their selectors, earlier sightings and campaign; confirm and draft a notice, dismiss a false positive, escalate to investigators, one post or a whole campaign, from the keyboard.',
      },
    ],
  },
  {
    path: '/intelligence',
    title: 'Intelligence',
    purpose:
      'Phones, handles, wallets and sites linked to compounds and networks, shared under TLP.',
    emptyState:
      'Selectors, compounds and networks you are allowed to see will appear here once your organisation or a partner shares them.',
    pages: [
      {
        path: '/intelligence/search',
        title: 'Search',
        description:
          'Find posts, compounds, networks and selectors (phones, handles, wallets, sites) you may read, misspellings and partial handles included.',
      },
      {
        path: '/intelligence/map',
        title: 'Compound map',
        description:
          'Scam compounds coloured by status, with their dated history and arrows from raided or relocated compounds to where they moved; each opens its link chart.',
      },
    ],
  },
  {
    path: '/notices',
    title: 'Notices',
    purpose: 'Takedown notices to platforms, with response-time clocks and decisions.',
    emptyState:
      'Notices you send to platforms, or receive as a platform, will appear here with their deadlines and status.',
    pages: [
      {
        path: '/notices/list',
        title: 'Notices',
        description:
          'Notices sent or received, with response-time badges (overdue ones in red, with by how much), filters, and each notice’s timeline, decision and statement of reasons.',
      },
      {
        path: '/notices/flagged',
        title: 'Flagged posts',
        description:
          'Posts screening sent to review or removal: review one and draft a DSA Art 16 notice from it.',
      },
      {
        path: '/notices/reports/transparency',
        title: 'Transparency report',
        description:
          'Per platform and period: notices by outcome, median and 90th-percentile time to action, overdue share; CSV export and a printable page.',
      },
      {
        path: '/notices/reports/trusted-flagger',
        title: 'Trusted-flagger annual report',
        description:
          'Your organisation’s notices of a year by provider, type of content and action taken (DSA Art 22(3)).',
      },
    ],
  },
  {
    path: '/evidence',
    title: 'Evidence',
    purpose: 'Evidence requests and artefacts, with a tamper-evident chain of custody.',
    emptyState:
      'Evidence requests to platforms, with their legal deadlines and status, will appear here.',
    pages: [
      {
        path: '/evidence/requests',
        title: 'Evidence requests',
        description:
          'Requests to providers under a legal instrument, with the deadlines it sets (overdue ones in red), the status path from draft to produced, withdrawal, and the produced data kept as artefacts in the custody log.',
      },
      {
        path: '/evidence/artefacts',
        title: 'Evidence artefacts',
        description:
          'Upload files, share them under TLP and sharing groups, follow each one’s custody trail and export a bundle that verifies offline.',
      },
    ],
  },
  {
    path: '/money',
    title: 'Money',
    purpose: 'Crypto tracing from victims’ payments to exchanges, with every hop’s arithmetic.',
    emptyState:
      'Traces you run will appear here, showing where tainted funds went and which exchanges they reached.',
    pages: [
      {
        path: '/money/traces',
        title: 'Traces',
        description:
          'Run a trace over exported transfers and label files, see where the money went as a flow from seeds through each hop to exchanges, and re-add every hop’s arithmetic; reports are kept as evidence.',
      },
    ],
  },
  {
    path: '/estimates',
    title: 'Estimates',
    purpose: 'The hidden number of victims, estimated from several agencies’ encoded lists.',
    emptyState:
      'Estimates built from agencies’ privacy-preserving list encodings will appear here with their intervals.',
    pages: [
      {
        path: '/estimates/runs',
        title: 'Lists and estimates',
        description:
          'Upload your agency’s encoded list (names never leave the agency), link it with partners’ lists, and estimate the hidden number of victims with its interval, model and chart; save the report as evidence.',
      },
    ],
  },
];
