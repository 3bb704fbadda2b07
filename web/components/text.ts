/** A long Russian title cut to fit a chart's label line, with an ellipsis. */
export const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A rule's message shown on its own as a sentence («Утверждает дорожную карту только…»); the API keeps it as written. */
export const sentence = (s: string) => (s ? s[0].toLocaleUpperCase('ru-RU') + s.slice(1) : s);

/** «Исполнение по МО» → «исполнение по МО»: only the first letter, abbreviations (МО, СМО, ТФОМС) stay capitals. */
export const lowerFirst = (s: string) => (s ? s[0].toLocaleLowerCase('ru-RU') + s.slice(1) : s);
