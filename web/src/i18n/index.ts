import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN';
import en from './en';
import { goalsLettersEn, goalsLettersZh } from './goals-letters';
import { externalEn, externalZh } from '../pages/external/external.i18n';
import { patchesEn, patchesZh } from '../pages/patches/patches.i18n';

export type Lang = 'zh-CN' | 'en';
const STORAGE_KEY = 'wwj.lang';

function initialLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: { ...zhCN, ...goalsLettersZh, ...externalZh, ...patchesZh } },
    en: { translation: { ...en, ...goalsLettersEn, ...externalEn, ...patchesEn } },
  },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLang(lang: Lang): void {
  void i18n.changeLanguage(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = lang;
}

document.documentElement.lang = i18n.language;

export default i18n;
