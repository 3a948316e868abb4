"""Small Vietnamese PDFs made on the spot, for tests, benchmarks and the demo.

The text is our own (written for this project). Scanned-like PDFs are page
images drawn with Pillow in Noto Serif, which has the Vietnamese glyphs; PDFs
with a text layer are written with reportlab and the same font embedded.
"""

from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    "/usr/share/fonts/noto/NotoSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)

# Written for Tòa Soạn's tests; one list of lines per page.
PAGES = [
    [
        "Hội nghị Trung ương bàn về công tác xây dựng Đảng",
        "Sáng nay, các đại biểu đã thảo luận về việc nâng cao",
        "chất lượng sinh hoạt chi bộ ở cơ sở và vai trò nêu",
        "gương của người đứng đầu trong mỗi cơ quan, đơn vị.",
        "Nhiều ý kiến đề nghị tăng cường kiểm tra, giám sát",
        "và lắng nghe tiếng nói của nhân dân ở địa phương.",
    ],
    [
        "Thủy lợi và hòa bình cho vùng đồng bằng",
        "Mùa khô năm nay, nông dân huyện ven biển đã chủ động",
        "trữ nước ngọt, nạo vét kênh mương và chuyển đổi cây",
        "trồng phù hợp. Chính quyền xã hỗ trợ giống lúa chịu",
        "mặn, khuyến khích nuôi trồng thủy sản theo hướng bền",
        "vững, giữ gìn sức khỏe cho người dân và môi trường.",
    ],
    [
        "Văn hóa đọc trong thời đại số",
        "Thư viện tỉnh mở thêm phòng đọc cho thiếu nhi, tổ chức",
        "ngày hội sách vào cuối tuần và đưa tạp chí in lên mạng",
        "để bạn đọc ở xa cũng tra cứu được những số báo cũ.",
        "Người cao tuổi vẫn thích cầm tờ tạp chí trên tay, còn",
        "học sinh quen tìm kiếm bài viết bằng điện thoại.",
    ],
]


def font_path() -> str:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    raise FileNotFoundError("no font with Vietnamese glyphs (install fonts-noto-core)")


def page_image(lines, dpi=200, size_mm=(130, 100), font_pt=11, noise=False):
    """A page as a scanner would see it: black text on a white page.

    `noise` (True or a strength, 1 = light) skews, blurs and specks the page
    like a worn photocopy."""
    width = round(size_mm[0] / 25.4 * dpi)
    height = round(size_mm[1] / 25.4 * dpi)
    font = ImageFont.truetype(font_path(), round(font_pt * dpi / 72))
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    margin = round(10 / 25.4 * dpi)
    y = margin
    step = round(font_pt * 1.6 * dpi / 72)
    for line in lines:
        draw.text((margin, y), line, font=font, fill=0)
        y += step
    if noise:
        strength = float(noise)
        image = image.rotate(0.4 * strength, fillcolor=255, resample=Image.BILINEAR)
        image = image.filter(ImageFilter.GaussianBlur(0.6 * strength))
        if strength > 1:
            import random

            rng = random.Random(len(lines))
            pixels = image.load()
            for _ in range(int(width * height * 0.002 * strength)):
                x, y = rng.randrange(width), rng.randrange(height)
                pixels[x, y] = rng.choice((0, 90, 255))
    return image


def scanned_pdf(pages=None, dpi=200, **options) -> bytes:
    """An image-only PDF (no text layer), one image per page."""
    images = [page_image(lines, dpi=dpi, **options) for lines in (pages or PAGES)]
    buffer = BytesIO()
    images[0].save(
        buffer, "PDF", resolution=dpi, save_all=True, append_images=images[1:]
    )
    return buffer.getvalue()


def text_pdf(
    pages=None, size_mm=(130, 100), font_pt=11, password=None, owner_password=None
) -> bytes:
    """A born-digital PDF: the same kind of page, with a real text layer."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "NotoSerif" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NotoSerif", font_path()))
    buffer = BytesIO()
    encrypt = None
    if password or owner_password:
        from reportlab.lib.pdfencrypt import StandardEncryption

        # A user password locks the file; an owner password alone only
        # restricts printing and copying, and poppler still reads it.
        encrypt = StandardEncryption(
            password or "", ownerPassword=owner_password, canPrint=0
        )
    width, height = size_mm[0] * mm, size_mm[1] * mm
    pdf = canvas.Canvas(buffer, pagesize=(width, height), encrypt=encrypt)
    for lines in pages or PAGES:
        pdf.setFont("NotoSerif", font_pt)
        y = height - 10 * mm - font_pt
        for line in lines:
            pdf.drawString(10 * mm, y, line)
            y -= font_pt * 1.6
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def reference_text(pages=None) -> str:
    return "\n".join(" ".join(lines) for lines in (pages or PAGES))
