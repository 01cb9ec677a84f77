"""Resume files for the resume tests: PDFs drawn with matplotlib, DOCX built with python-docx.

The committed PDFs in tests/data/resumes/ were written by this module (run once):

    .venv/bin/python tests/extract/_resume_files.py

Every text here is self-written; the people, companies and numbers are invented.
"""

from __future__ import annotations

from pathlib import Path

RESUMES = Path(__file__).resolve().parents[1] / "data" / "resumes"
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

EN_PDF_LINES = [
    "Daniel Okafor",
    "daniel.okafor@example.org | +1 (206) 555-0188",
    "",
    "Experience",
    "Machine Learning Engineer, Acme Robotics    Mar 2020 - Present",
    "- Perception models in PyTorch; proficient in Python and C++.",
    "Software Engineer, Globex Corporation    Jun 2017 - Feb 2020",
    "- Backend services in Java and Go.",
    "",
    "Education",
    "M.S. in Computer Science, Georgia Institute of Technology, 2015 - 2017",
    "",
    "Skills",
    "Expert in computer vision; familiar with ROS.",
]
ZH_PDF_LINES = [
    "王芳",
    "手机：18612345678  邮箱：wangfang@example.com",
    "",
    "教育背景",
    "2012.09-2016.06  武汉大学  软件工程  本科",
    "",
    "工作经历",
    "2016.07-2020.06  华为技术有限公司  软件工程师",
    "负责嵌入式 Linux 驱动开发，使用 C 语言。",
    "2020.07-至今  小米科技有限责任公司  高级软件工程师",
    "负责 Android 系统性能优化。",
    "",
    "专业技能",
    "精通 C 语言、Linux；熟悉 Android。",
]
#: The Chinese DOCX resume: 张伟 again, with the phone of zh_zhang_wei.txt written without +86
#: and another e-mail address. The contact table comes right after the name.
ZH_DOCX_NAME = "张 伟"
ZH_DOCX_TABLE = [("手机", "138 1234 5678"), ("邮箱", "ZW.Work@Example.com")]
ZH_DOCX_PARAGRAPHS = [
    "教育背景",
    "2019.09-2022.06  清华大学  人工智能  硕士",
    "工作经历",
    "2022.07-至今  字节跳动科技有限公司  算法工程师",
    "负责推荐系统，熟练使用 Python。",
    "专业技能",
    "精通 Go；了解 Rust。",
]


def write_pdf(path: Path, pages: list[list[str]], *, chinese: bool = False) -> Path:
    """A PDF with a text layer: one A4 page per list of lines (TrueType fonts embedded)."""
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=str(CJK_FONT)) if chinese else FontProperties(
        family="DejaVu Sans")
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(
            path, metadata={"CreationDate": None}) as pdf:
        for lines in pages:
            figure = plt.figure(figsize=(8.27, 11.69))
            for row, line in enumerate(lines):
                figure.text(0.06, 0.95 - row * 0.03, line, fontsize=10, fontproperties=font)
            pdf.savefig(figure)
            plt.close(figure)
    return path


def write_image_pdf(path: Path) -> Path:
    """A one-page PDF holding only a picture (a scan without a text layer)."""
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(4, 4))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.imshow([[0, 1], [1, 0]], cmap="gray")
    axes.set_axis_off()
    figure.savefig(path, metadata={"CreationDate": None})
    plt.close(figure)
    return path


def write_docx(path: Path) -> Path:
    """The Chinese DOCX resume: paragraphs and a two-column contact table."""
    import docx

    document = docx.Document()
    document.add_paragraph(ZH_DOCX_NAME)
    table = document.add_table(rows=len(ZH_DOCX_TABLE), cols=2)
    for row, (label, value) in enumerate(ZH_DOCX_TABLE):
        table.cell(row, 0).text = label + "："
        table.cell(row, 1).text = value
    for text in ZH_DOCX_PARAGRAPHS:
        document.add_paragraph(text)
    document.save(path)
    return path


def main() -> None:
    """Write the committed PDFs."""
    write_pdf(RESUMES / "en_daniel_okafor.pdf", [EN_PDF_LINES])
    write_pdf(RESUMES / "zh_wang_fang.pdf", [ZH_PDF_LINES], chinese=True)


if __name__ == "__main__":
    main()
