// The parameters of a challenge or of Authentication-Info: name, value, what the catalogue says
// they mean (and what the value chosen means), and the RFC section. Parameters the scheme does not
// define are marked; required ones that are missing get a row of their own.
import {
  findParam,
  findScheme,
  type AuthParam,
  type ParamContext,
  type ParamInfo,
} from '../../core/index.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { formatReference } from '../format.ts';
import { LongText } from './LongText.tsx';
import { Prose } from './Prose.tsx';
import styles from './ParamTable.module.css';

interface Props {
  scheme: string;
  params: readonly AuthParam[];
  context: ParamContext;
}

/** What each listed value means; qop and similar carry comma-separated lists. */
function valueMeanings(values: readonly { value: string; meaning: string }[], value: string) {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => ({
      value: v,
      info: values.find((x) => x.value.toLowerCase() === v.toLowerCase()),
    }));
}

/** realm means the same for every scheme (RFC 9110 §11.5), so even an unknown scheme gets it explained. */
const genericRealm: Pick<ParamInfo, 'meaning' | 'reference' | 'values'> = {
  meaning:
    'The protection space: resources that share credentials. RFC 9110 defines it for every scheme; clients may show it to the user.',
  reference: {
    document: 'RFC 9110',
    section: '11.5',
    url: 'https://www.rfc-editor.org/rfc/rfc9110#section-11.5',
  },
};

export function ParamTable({ scheme, params, context }: Props) {
  const known = findScheme(scheme);
  const seen = new Set(params.map((p) => p.name.toLowerCase()));
  const missing = known
    ? known.params.filter(
        (p) => p.required && p.appearsIn.includes(context) && !seen.has(p.name.toLowerCase()),
      )
    : [];
  if (params.length === 0 && missing.length === 0) return null;
  const counts = new Map<string, number>();
  for (const p of params)
    counts.set(p.name.toLowerCase(), (counts.get(p.name.toLowerCase()) ?? 0) + 1);
  return (
    <table className={styles.table} data-testid="param-table">
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">Value</th>
          <th scope="col">Meaning</th>
          <th scope="col">Spec</th>
        </tr>
      </thead>
      <tbody>
        {params.map((p, i) => {
          const info =
            findParam(scheme, p.name, context) ??
            (!known && p.name.toLowerCase() === 'realm' ? genericRealm : undefined);
          return (
            <tr key={i} data-param={p.name} data-known={info ? 'true' : 'false'}>
              <th scope="row" className={styles.name}>
                {visibleText(p.name)}
                {!info && known && <span className={styles.flag}>unknown</span>}
                {(counts.get(p.name.toLowerCase()) ?? 0) > 1 && (
                  <span className={styles.flag}>duplicate</span>
                )}
              </th>
              <td className={styles.value}>
                {p.quoted ? <span className={styles.quote}>"</span> : null}
                <LongText text={p.value} />
                {p.quoted ? <span className={styles.quote}>"</span> : null}
              </td>
              <td>
                {info ? (
                  <>
                    <Prose text={info.meaning} />
                    {info.values && (
                      <ul className={styles.values}>
                        {valueMeanings(info.values, p.value).map((v, j) => (
                          <li key={j}>
                            <code>{visibleText(v.value)}</code>:{' '}
                            {v.info ? v.info.meaning : 'not a value the specification defines.'}
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                ) : (
                  <span className={styles.dim}>
                    {known
                      ? `Not defined for ${known.name} here; recipients ignore parameters they do not know (RFC 9110 §11.2).`
                      : '—'}
                  </span>
                )}
              </td>
              <td>
                {info && (
                  <a href={info.reference.url} target="_blank" rel="noreferrer">
                    {formatReference(info.reference)}
                  </a>
                )}
              </td>
            </tr>
          );
        })}
        {missing.map((p) => (
          <tr
            key={`missing-${p.name}`}
            data-param={p.name}
            data-missing="true"
            className={styles.missing}
          >
            <th scope="row" className={styles.name}>
              {p.name}
              <span className={styles.flag}>missing</span>
            </th>
            <td className={styles.dim}>(not sent)</td>
            <td>
              Required. <Prose text={p.meaning} />
            </td>
            <td>
              <a href={p.reference.url} target="_blank" rel="noreferrer">
                {formatReference(p.reference)}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
