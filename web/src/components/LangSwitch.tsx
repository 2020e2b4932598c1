import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from '../i18n';

/** Language names are shown in their own language, as usual for a language switch. */
const OPTIONS: { label: string; value: Lang }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'EN', value: 'en' },
];

export function LangSwitch() {
  const { t, i18n } = useTranslation();
  return <Segmented<Lang> size="small" value={i18n.language === 'en' ? 'en' : 'zh-CN'} options={OPTIONS} onChange={(v) => setLang(v)} aria-label={t('app.language')} />;
}
