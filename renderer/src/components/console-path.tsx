/**
 * A menu path in another product's console ("Provisioning → Integration → Configure API Integration"),
 * written the way the admin will see it there. Screen readers hear "then" instead of an arrow glyph.
 */
import { Fragment, type ReactNode } from 'react';

export function ConsolePath({ steps }: { steps: readonly ReactNode[] }) {
  return (
    <span className="console-path">
      {steps.map((step, index) => (
        <Fragment key={index}>
          {index > 0 && (
            <>
              <span className="console-path-arrow" aria-hidden="true">
                →
              </span>
              <span className="visually-hidden">, then </span>
            </>
          )}
          <span className="console-path-step">{step}</span>
        </Fragment>
      ))}
    </span>
  );
}
