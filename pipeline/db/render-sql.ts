/**
 * Fills `{{name}}` placeholders of a SQL template with SQL fragments built by the code (never
 * with user values: those go in prepared parameters or through sqlString). An unknown or
 * unfilled placeholder is a bug and throws.
 */
export function renderSql(template: string, fragments: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const fragment = fragments[name];
    if (fragment === undefined) throw new Error(`renderSql: no fragment for {{${name}}}`);
    return fragment;
  });
}
