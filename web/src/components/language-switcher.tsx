import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, type Language, languageName, setLanguage } from '../i18n/index.js';

/**
 * Each language named in itself, so a reader can find theirs whatever the page's language; `onChosen` is told of
 * the one chosen (a signed-in user's is saved for their e-mails).
 */
export function LanguageSwitcher({ onChosen }: { onChosen?: (language: Language) => void }) {
  const { t } = useTranslation();
  return (
    <div className="language-switcher">
      <select
        aria-label={t('layout.language')}
        value={currentLanguage()}
        onChange={(e) => {
          const language = e.target.value as Language;
          void setLanguage(language);
          onChosen?.(language);
        }}
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
