#!/usr/bin/env python3
"""Writes the sample files the material sniffing tests read (samples/).

outline.docx and outline.pdf were made by LibreOffice Writer from a Chinese text
(soffice --headless --convert-to docx|pdf); stripe.jpg is Debian's nodejs doc image.
This script makes the rest with the standard library only: a minimal but valid XLSX and
PPTX (the parts Excel and PowerPoint need), a PNG, a macro-enabled DOCM (refused), a plain
ZIP, a Windows executable and a text file, the last two under office names.
"""
import io
import os
import struct
import zipfile
import zlib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")

CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
ODOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def package(name, main_part, main_type, main_xml, extra=()):
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/{p}" ContentType="{t}"/>'
            for p, t, _ in [(main_part, main_type, None), *extra])
        z.writestr("[Content_Types].xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   f"{overrides}</Types>")
        z.writestr("_rels/.rels",
                   f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{REL}">'
                   f'<Relationship Id="rId1" Type="{ODOC}" Target="{main_part}"/></Relationships>')
        z.writestr(main_part, main_xml)
        for p, _, xml in extra:
            z.writestr(p, xml)


def xlsx():
    s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = ("xl/worksheets/sheet1.xml",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
             f'<worksheet xmlns="{s}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>预算</t></is></c>'
             '<c r="B1"><v>100</v></c></row></sheetData></worksheet>')
    rels = ("xl/_rels/workbook.xml.rels", "application/vnd.openxmlformats-package.relationships+xml",
            f'<Relationships xmlns="{REL}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>')
    package("budget.xlsx", "xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            f'<workbook xmlns="{s}" xmlns:r="{r}"><sheets><sheet name="预算" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>", [sheet, rels])


def pptx():
    p = "http://schemas.openxmlformats.org/presentationml/2006/main"
    package("slides.pptx", "ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            f'<p:presentation xmlns:p="{p}"><p:sldSz cx="9144000" cy="6858000"/>'
            '<p:notesSz cx="6858000" cy="9144000"/></p:presentation>')


def docm():
    # The LibreOffice DOCX with its main part declared macro-enabled: Word's .docm.
    src = zipfile.ZipFile(os.path.join(HERE, "outline.docx"))
    with zipfile.ZipFile(os.path.join(HERE, "macro.docm"), "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml")
            out.writestr(info, data)


def png():
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    w, h = 8, 8
    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * w for _ in range(h))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    open(os.path.join(HERE, "seal.png"), "wb").write(data)


def others():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "not an office document")
    open(os.path.join(HERE, "plain.zip.docx"), "wb").write(buf.getvalue())
    # The DOS header of a Windows program, under a PDF name.
    open(os.path.join(HERE, "setup.exe.pdf"), "wb").write(
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 +
        b"This program cannot be run in DOS mode.\r\r\n$")
    open(os.path.join(HERE, "notes.txt.docx"), "wb").write("会议须知：请提前十分钟到场。\n".encode())


if __name__ == "__main__":
    xlsx()
    pptx()
    docm()
    png()
    others()
