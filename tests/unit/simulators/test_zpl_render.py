"""The printer simulator's ZPL renderer: our labels render and their codes scan back."""

from devices.labels import render_zpl, sscc_label, waybill_label
from simulators.zpl_render import render, render_label, scan_codes

SSCC = "106141412345678908"


def test_label_zpl_renders_and_qr_decodes_to_the_digital_link():
    """A ZPL label from devices/labels renders; its QR reads the Digital Link URI."""
    zpl = render_zpl(sscc_label(SSCC, ["Qingdao", "To: Busan"], domain="https://qr.silkhub.cn"))
    rendered = render(zpl)
    assert rendered.ignored == []
    (image,) = rendered.images
    assert image.size == (812, 1218)
    codes = dict(scan_codes(image))
    assert codes["QRCODE"] == f"https://qr.silkhub.cn/00/{SSCC}"
    assert codes["CODE128"] == f"00{SSCC}"


def test_gs1_128_with_fnc1_and_escapes_survives_zpl():
    """>8 FNC1, >0 '>' and ^FH hex escapes come back as GS, '>' and '_'."""
    zpl = render_zpl(sscc_label(SSCC, ["x"], extra={"10": "A_B>C", "402": "06141411234567890"}))
    codes = dict(scan_codes(render_label(zpl)))
    assert codes["CODE128"] == f"00{SSCC}10A_B>C\x1d40206141411234567890"


def test_waybill_label_renders():
    """A plain Code 128 waybill label renders and scans."""
    codes = dict(scan_codes(render_label(render_zpl(waybill_label("YT7712345678", ["YTO"])))))
    assert codes == {"CODE128": "YT7712345678"}


def test_hand_written_zpl_subset_and_unknown_commands():
    """^GB, ^FR, ^FT, ^CF, ^BY, ^BC modes A and D, ^BQ manual mode render; ^HH is skipped."""
    zpl = (
        "^XA^CF0,30^FO50,50^GB300,200,4^FS^FO60,60^FDboxed^FS"
        "^FO400,50^GB200,100,100^FS^FO410,60^FR^A0N,40,40^FDREV^FS"
        "^FO50,300^BY2^BCN,100,Y,N,N,D^FD(01)09506000134352(10)ABC^FS"
        "^FO50,500^BCN,80,Y,N,N,A^FDSF12345678^FS"
        "^FT50,800^BQN,2,5^FDMA,hello^FS^HH^XZ"
    )
    rendered = render(zpl)
    assert rendered.ignored == ["^HH"]
    image = rendered.images[0]
    assert image.getpixel((450, 120)) == 0  # filled box
    assert sorted(scan_codes(image)) == [
        ("CODE128", "0109506000134352\x1d10ABC"),
        ("CODE128", "SF12345678"),
        ("QRCODE", "hello"),
    ]


def test_several_labels_in_one_job():
    """Each ^XA..^XZ block gives its own image; text outside blocks is ignored."""
    job = "junk^XA^FO10,10^FDone^FS^XZ\n^XA^FO10,10^FDtwo^FS^XZ"
    assert len(render(job).images) == 2
