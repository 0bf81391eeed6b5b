// Every string the page shows lives in i18n/vi.json and i18n/en.json. Vietnamese is
// the default; the choice is remembered in localStorage when it is available.
import { assetJson } from './assets.js';

export const LANGS = ['vi', 'en'];

/** Loads both languages' strings. */
export async function loadStrings() {
  const [vi, en] = await Promise.all([assetJson('i18n/vi.json'), assetJson('i18n/en.json')]);
  return { vi, en };
}

/** Returns a translator for `lang`: t(key, {name: value}) with {name} placeholders. */
export function translator(strings, lang) {
  const table = strings[lang] || strings.vi;
  return (key, params) => {
    let s = table[key] ?? strings.vi[key];
    if (s === undefined) return key;
    if (params) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
    return s;
  };
}

/** Picks the text of a set's `{vi, en}` text object in `lang`, falling back to Vietnamese. */
export function pick(text, lang) {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[lang] || text.vi || '';
}

/** The language to start with: explicit attribute, remembered choice, else Vietnamese. */
export function initialLang(attr) {
  if (LANGS.includes(attr)) return attr;
  try {
    const saved = localStorage.getItem('dti-score.lang');
    if (LANGS.includes(saved)) return saved;
  } catch {
    // storage blocked: Vietnamese
  }
  return 'vi';
}

/** Remembers the language choice when storage allows it. */
export function rememberLang(lang) {
  try {
    localStorage.setItem('dti-score.lang', lang);
  } catch {
    // storage blocked: the choice lasts for this visit only
  }
}

/**
 * The language switch both pages show: a button naming the other language; a click
 * remembers that language and calls `onSwitch(lang)`.
 */
export function langSwitch(t, lang, onSwitch) {
  const next = lang === 'vi' ? 'en' : 'vi';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'lang';
  button.setAttribute('lang', next);
  button.textContent = t('app.switch_lang');
  button.setAttribute('aria-label', t('app.switch_lang_label'));
  button.addEventListener('click', () => {
    rememberLang(next);
    onSwitch(next);
  });
  return button;
}
