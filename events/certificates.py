"""The certificate of attendance as a PDF: A4 landscape, bilingual, with its code and QR.

What it prints is the certificate's frozen snapshot (``models.Certificate``), nothing read from
the registration today, so the paper and the public verification page always agree. The text is
printed in Indonesian with English beneath it, whoever downloads it: one document for every
reader, as such certificates are in Indonesia.

Names come in every script. A Unicode TrueType font (DejaVu Sans) is embedded when the system
has one; without it the core PDF fonts can print only Latin-1, so the text is transliterated
(``text_unidecode``) rather than refused.
"""

import io
from pathlib import Path

import qrcode
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF
from text_unidecode import unidecode

from notifications.emails import absolute_url

from .fonts import unicode_fonts

NAVY = (31, 49, 96)
GREY = (85, 85, 85)


def verification_url(certificate) -> str:
    return absolute_url(reverse("events:certificate_verify", args=[certificate.code]))


def filename(certificate) -> str:
    return f"sertifikat-{certificate.code}.pdf"


class _Writer:
    """Text in the embedded Unicode font, or transliterated into a core font's Latin-1."""

    def __init__(self, pdf: FPDF, fonts: dict[str, Path] | None):
        self.pdf = pdf
        self.glyphs = None
        if fonts:
            for style, path in fonts.items():
                pdf.add_font("Certificate", style, str(path))
            self.family = "Certificate"
            self.glyphs = pdf.fonts["certificate"].cmap
        else:
            self.family = "Helvetica"

    def text(self, value: str) -> str:
        """``value`` as the font can print it: a character it has no glyph for (DejaVu has no
        Chinese, the core fonts nothing beyond Latin-1) is transliterated, never left blank."""
        printable = "".join(
            char if char.isspace() or self._has_glyph(char) else unidecode(char) for char in value
        )
        if self.glyphs is None:
            # What transliteration still leaves outside Latin-1 becomes "?", never an error.
            return printable.encode("latin-1", "replace").decode("latin-1")
        return printable

    def _has_glyph(self, char: str) -> bool:
        if self.glyphs is None:
            return ord(char) < 256
        return ord(char) in self.glyphs

    def line(self, value: str, *, size: float, bold=False, colour=NAVY, height=None, gap=0.0):
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)
        self.pdf.multi_cell(
            0, height or size * 0.5, self.text(value), align="C", new_x="LMARGIN", new_y="NEXT"
        )
        if gap:
            self.pdf.ln(gap)


def certificate_pdf(certificate, *, compress: bool = True, fonts="system") -> bytes:
    """The certificate's PDF. ``compress=False`` leaves the text readable in the bytes (tests);
    ``fonts`` is the system's DejaVu (default), or None for the core fonts."""
    fonts = unicode_fonts() if fonts == "system" else fonts
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.compress = compress
    pdf.set_auto_page_break(False)
    pdf.set_margins(25, 18, 25)
    pdf.add_page()
    writer = _Writer(pdf, fonts)
    pdf.set_title(writer.text(f"Sertifikat {certificate.code}"))
    pdf.set_creator("Sinergi")

    # A double frame, as printed certificates have.
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, 271, 184)

    pdf.set_y(24)
    writer.line("SERTIFIKAT KEHADIRAN", size=26, bold=True, height=11)
    writer.line("Certificate of Attendance", size=13, colour=GREY, height=7, gap=6)
    writer.line("diberikan kepada / awarded to", size=11, colour=GREY, height=6, gap=2)
    writer.line(certificate.name, size=24, bold=True, height=11)
    if certificate.institution:
        writer.line(certificate.institution, size=13, height=7)
    pdf.ln(5)
    writer.line(
        "telah mengikuti pelatihan / has attended the training", size=11, colour=GREY, height=6
    )
    pdf.ln(1)
    writer.line(certificate.event_title, size=16, bold=True, height=8)
    writer.line(certificate.event_dates, size=12, height=7, gap=3)
    writer.line(
        f"Diselenggarakan oleh / Organised by: {certificate.organisers}",
        size=10,
        colour=GREY,
        height=5.5,
    )

    url = verification_url(certificate)
    pdf.image(_qr_png(url), x=29, y=150, w=36, h=36)
    pdf.set_xy(70, 156)
    pdf.set_font(writer.family, "", 9)
    pdf.set_text_color(*GREY)
    pdf.cell(
        0, 5, writer.text("Kode verifikasi / Verification code"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_x(70)
    pdf.set_font(writer.family, "B", 14)
    pdf.set_text_color(*NAVY)
    pdf.cell(0, 7, certificate.code, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(70)
    pdf.set_font(writer.family, "", 9)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 5, writer.text("Periksa keaslian di / Verify at:"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(70)
    pdf.cell(0, 5, writer.text(url), link=url, new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(70)
    issued = timezone.localtime(certificate.issued_at).strftime("%d-%m-%Y")
    pdf.cell(0, 5, writer.text(f"Diterbitkan / Issued: {issued}"))
    return bytes(pdf.output())


def _qr_png(url: str) -> io.BytesIO:
    image = qrcode.make(url, box_size=8, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    buffer.seek(0)
    return buffer
