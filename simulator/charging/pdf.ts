/**
 * A one-page PDF 1.4 of text lines, written without a dependency: catalog, pages, page, content stream, the
 * standard Helvetica font (WinAnsiEncoding), and an xref table whose offsets point at each object.
 */

function escapeText(line: string): string {
  // Outside Latin-1 the standard font has no glyph: show '?' instead of breaking the file.
  const latin1 = [...line].map((c) => (c.charCodeAt(0) <= 0xff ? c : '?')).join('');
  return latin1.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ');
}

export function textPdf(lines: readonly string[], title = 'Invoice'): Buffer {
  const content = ['BT', '/F1 11 Tf', '14 TL', '56 780 Td', ...lines.map((l) => `(${escapeText(l)}) Tj T*`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Title (${escapeText(title)}) /Producer (Fleetkit simulator) >>`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
