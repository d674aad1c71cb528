/**
 * The print stylesheet of the report pages: the page prints as a report, without the app's
 * header, navigation or form controls (anything marked `data-print="hide"`), in black on white.
 */
export const PRINT_CSS = `
@media print {
  .mantine-AppShell-header, .mantine-AppShell-navbar, [data-print="hide"] { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; margin: 0 !important; min-height: 0 !important; }
  body { background: #fff !important; color: #000 !important; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  a[href]::after { content: none; }
}
`;

/** Puts {@link PRINT_CSS} on the page while a report is shown. */
export function PrintStyles() {
  return <style data-testid="print-styles">{PRINT_CSS}</style>;
}
