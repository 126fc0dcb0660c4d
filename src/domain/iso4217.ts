/**
 * ISO 4217 currency codes and their minor units (the number of decimals an
 * amount has), from ISO 4217 list one (current currencies and funds). Not
 * from `Intl`: engines disagree with ISO there (Node's ICU gives the Iraqi
 * dinar 0 decimals, ISO 3). Codes whose minor unit ISO gives as "N.A."
 * (precious metals, SDR, test and no-currency codes) are not money here.
 * MGA and MRU divide into fifths, but ISO gives them 2 decimal places, as here.
 */
const BY_MINOR_UNITS = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW ' +
    'CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ' +
    'ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV ' +
    'MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD ' +
    'SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XAD XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
} as const;

export const MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(
    Object.entries(BY_MINOR_UNITS).flatMap(([units, codes]) => codes.split(' ').map((code) => [code, Number(units)])),
  ),
);

export const CURRENCY_CODES = Object.freeze(Object.keys(MINOR_UNITS).sort()) as readonly string[];

export const isCurrencyCode = (code: string): boolean => Object.hasOwn(MINOR_UNITS, code);

/** The number of decimals of the currency's minor unit; throws for a code that is not an ISO 4217 currency. */
export function minorUnits(code: string): number {
  const units = MINOR_UNITS[code];
  if (units === undefined) throw new RangeError(`${code} is not an ISO 4217 currency`);
  return units;
}
