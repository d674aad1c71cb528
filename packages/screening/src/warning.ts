import type { Catalogue } from './catalogue.js';
import type { Language, WarningLabel } from './types.js';

/**
 * Builds the warning label for a post: an introduction, the plain-words reasons for the given
 * indicator groups (strongest first) and a help line, in the post's language when the catalogue
 * has label text for it, otherwise in English.
 *
 * @example
 * warningLabel(defaultCatalogue, 'vi', ['package', 'channel']).text;
 * // 'Cảnh báo: tin tuyển dụng này … Lý do: lương cao … ; chỉ liên hệ qua Telegram … .'
 */
export function warningLabel(
  catalogue: Catalogue,
  language: Language,
  groups: readonly string[],
  helpLine?: string | Partial<Record<Language, string>>,
): WarningLabel {
  const labelLanguage: Language = catalogue.labels[language] ? language : 'en';
  const text = catalogue.labels[labelLanguage];
  if (!text) throw new Error('The catalogue has no English label text (labels.en)');
  const reasons = groups.map((group) => text.groups[group]).filter((r): r is string => Boolean(r));
  const help = typeof helpLine === 'string' ? helpLine : (helpLine?.[labelLanguage] ?? text.help);
  const parts = [text.intro];
  if (reasons.length > 0)
    parts.push(`${text.reasonsLead} ${reasons.join(text.separator)}${text.end}`);
  if (help) parts.push(help);
  return { language: labelLanguage, text: parts.join(' ') };
}
