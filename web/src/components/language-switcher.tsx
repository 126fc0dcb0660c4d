import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language, languageName, setLanguage } from '../i18n/index.js';

/** Each language named in itself, so a reader can find theirs whatever the page's language. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  return (
    <div className="language-switcher">
      <select
        aria-label={t('layout.language')}
        value={currentLanguage()}
        onChange={(e) => void setLanguage(e.target.value as Language)}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageName(l)}
          </option>
        ))}
      </select>
    </div>
  );
}
