"""The fictional sample reports, as data (scripts/sample_model.py). All places, people,
document numbers and figures are invented."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_model import (  # noqa: E402
    DASH, Num, Para, Pct, Qty, Ratio, Report, Row, SUMMARY_YEARS, Text, body, centre, eval_table, form_table,
    head, nums, p, rate, rate_block, summary_table, vn_dec, vn_int,
)


def issuer_block(upper: str, number: str, place_date: str) -> list[Para]:
    return [
        Para(upper, align="left", bold=True, indent=False),
        Para(number, align="left", indent=False),
        centre("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
        Para(place_date, align="right", italic=True, indent=False),
    ]


def signer_block(recipients: list[str], titles: str, name: str) -> list[Para]:
    return [
        Para("Nơi nhận:\n" + "\n".join(recipients), align="left", indent=False, size=11),
        Para(titles, align="right", bold=True, indent=False),
        Para(name, align="right", bold=True, indent=False),
    ]


def vn_date(d: dt.date) -> str:
    return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"


def periodic_appendix(period_upper: str, number: str, date: dt.date, issuer: str, bm1, bm3, bm7) -> list:
    """The appendix of the periodic template: Biểu mẫu 1, 3 and 7 after a page break."""
    return [
        Para("Phụ lục", align="center", bold=True, indent=False, page_break_before=True),
        centre(f"THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {period_upper}\n"
               f"(Kèm theo Báo cáo số {number} ngày {date.day:02d}/{date.month}/{date.year} của {issuer})"),
        centre("Biểu mẫu 1"), centre("Công tác chỉ đạo điều hành CCHC", bold=False), bm1,
        centre("Biểu mẫu 3"), centre("Kết quả cải cách thủ tục hành chính", bold=False), bm3,
        centre("Biểu mẫu 7"), centre("Kết quả xây dựng và phát triển Chính quyền điện tử, Chính quyền số", bold=False), bm7,
    ]


# --------------------------------------------------------------------------- a. district summary


def district_2011_2020_summary() -> Report:
    name = "district_2011_2020_summary"
    date = dt.date(2020, 5, 6)
    number = "87/BC-UBND"
    years = [y.split(" (")[0] for y in SUMMARY_YEARS]

    # I - chỉ đạo điều hành
    vb_huyen_uy = [4, 5, 6, 5, 7, 2]
    vb_ubnd = [14, 17, 21, 19, 24, 6]
    vb_total = [a + b for a, b in zip(vb_huyen_uy, vb_ubnd)]
    kiem_tra = [6, 8, 9, 10, 12, DASH]
    tin_bai = [12, 15, 18, 22, 26, 7]
    ks_dich_vu = [DASH, DASH, DASH, 12, 18, 18]
    ks_mau = [DASH, DASH, DASH, Qty(640, "lượt"), Qty(1250, "lượt"), Qty(310, "lượt")]
    ks_muc_do = [DASH, DASH, DASH, Text("Hài lòng"), Text("Rất hài lòng"), Text("Rất hài lòng")]
    t1 = summary_table("I", [
        Row("1", "Số lượng văn bản chỉ đạo, điều hành", nums(*vb_total, pad=2), agency="Văn phòng HĐND và UBND huyện", key="vb"),
        Row("-", "Văn bản của Huyện ủy", nums(*vb_huyen_uy, pad=2), key="vb_hu"),
        Row("-", "Văn bản của UBND huyện, Chủ tịch UBND huyện", nums(*vb_ubnd, pad=2), key="vb_ub"),
        Row("2", "Số lượng các cơ quan, đơn vị được kiểm tra CCHC", nums(*kiem_tra, pad=2), agency="Phòng Nội vụ"),
        Row("3", "Tuyên truyền CCHC", [None] * 6, agency="Phòng Văn hóa và Thông tin"),
        Row("-", "Tổ chức cuộc thi tìm hiểu CCHC (Có tổ chức = 1; Không tổ chức = 0)", nums(0, 0, 1, 0, 1, 0)),
        Row("-", "Số lượng tin, bài chuyên đề CCHC trên Đài Truyền thanh - Truyền hình huyện", nums(*tin_bai, pad=2)),
        Row("-", "Số lớp tập huấn chuyên đề CCHC", nums(1, 1, 2, 2, 3, 1, pad=2)),
        Row("-", "Xây dựng chuyên mục CCHC trên Trang thông tin điện tử của huyện (Có xây dựng = 1; Không xây dựng = 0)", nums(0, 1, 1, 1, 1, 1)),
        Row("4", "Số lượng mô hình, sáng kiến CCHC được triển khai áp dụng", nums(0, 1, 1, 2, 3, DASH, pad=2), agency="Phòng Nội vụ"),
        Row("5", "Đo lường sự hài lòng của người dân, tổ chức", [None] * 6, agency="Văn phòng HĐND và UBND huyện"),
        Row("-", "Số lượng dịch vụ đã khảo sát", nums(*ks_dich_vu)),
        Row("-", "Số lượng mẫu đã khảo sát", ks_mau),
        Row("-", "Mức độ hài lòng chung", ks_muc_do),
    ], agency=True, label_cm=9.4, value_cm=2.0, relations=[("sum", "vb", ["vb_hu", "vb_ub"])])

    # III - thủ tục hành chính
    tthc_huyen = [201, 201, 214, 236, 249, 252]
    tthc_xa = [112, 112, 118, 124, 127, 127]
    tthc_total = [a + b for a, b in zip(tthc_huyen, tthc_xa)]
    mc_huyen = [180, 185, 205, 236, 249, 252]
    mc_xa = [98, 104, 118, 124, 127, 127]
    hs_huyen = [(3900, 4000), (4385, 4460), (4921, 4988), (5347, 5390), (5402, 5441), (1296, 1310)]
    hs_xa = [(2862, 2930), (3105, 3162), (3388, 3430), (3512, 3547), (3710, 3738), (905, 911)]
    hs_total = [(a[0] + b[0], a[1] + b[1]) for a, b in zip(hs_huyen, hs_xa)]
    pakn_in = [3, 5, 4, 7, 9, 2]
    pakn_done = [3, 5, 4, 6, 9, 1]
    t3 = summary_table("III", [
        Row("1", "Tổng số TTHC của huyện", nums(*tthc_total), key="tthc"),
        Row("-", "Số lượng TTHC cấp huyện", nums(*tthc_huyen), key="tthc_h"),
        Row("-", "Số lượng TTHC cấp xã", nums(*tthc_xa), key="tthc_x"),
        Row("2", "Số TTHC được đơn giản hóa sau rà soát (theo thẩm quyền của tỉnh, như: giảm thời gian giải quyết...)", nums(4, 6, 9, 11, 8, 2)),
        Row("3", "Số lượng thủ tục hành chính được công khai đầy đủ, đúng quy định trên Trang thông tin điện tử của huyện", nums(*tthc_total), key="cong_khai"),
        Row("4", "Thực hiện cơ chế một cửa, một cửa liên thông", [None] * 6),
        Row("-", "Số lượng TTHC thực hiện việc tiếp nhận, trả kết quả tại Bộ phận Một cửa cấp huyện", nums(*mc_huyen), key="mc_h"),
        Row("-", "Số lượng TTHC thực hiện việc tiếp nhận, trả kết quả tại Bộ phận Một cửa cấp xã", nums(*mc_xa), key="mc_x"),
        Row("-", "Số lượng TTHC được giải quyết theo cơ chế một cửa liên thông cùng cấp", nums(14, 16, 21, 25, 27, 27)),
        Row("-", "Số lượng TTHC hoặc nhóm TTHC được giải quyết theo hình thức liên thông giữa các cấp chính quyền", nums(6, 6, 9, 12, 14, 14)),
        Row("5", "Kết quả giải quyết hồ sơ TTHC", [Ratio(*x) for x in hs_total], key="hs"),
        Row("-", "Tỷ lệ hồ sơ TTHC cấp huyện giải quyết đúng hạn (TTHC giải quyết đúng hạn/đã tiếp nhận)", [Ratio(*x) for x in hs_huyen], key="hs_h"),
        Row("-", "Tỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hạn (TTHC giải quyết đúng hạn/đã tiếp nhận)", [Ratio(*x) for x in hs_xa], key="hs_x"),
        Row("6", "Tiếp nhận và xử lý PAKN về TTHC", [None] * 6),
        Row("-", "Số lượng PAKN đã tiếp nhận trong năm", nums(*pakn_in), key="pakn_in"),
        Row("-", "Số lượng PAKN đã giải quyết trong năm", nums(*pakn_done), key="pakn_done"),
    ], agency=False, label_cm=8.0, value_cm=2.8, relations=[
        ("sum", "tthc", ["tthc_h", "tthc_x"]), ("sum", "hs", ["hs_h", "hs_x"]),
        ("le", "cong_khai", "tthc"), ("le", "mc_h", "tthc_h"), ("le", "mc_x", "tthc_x"),
        ("le", "pakn_done", "pakn_in"),
    ])

    # V - đội ngũ cán bộ, công chức, viên chức
    cc_giao = [92, 90, 88, 86, 84, 82]
    cc_co_mat = [89, 88, 85, 83, 81, 80]
    vc_giao = [712, 705, 698, 680, 664, 664]
    vc_co_mat = [695, 690, 671, 662, 648, 651]
    tinh_gian = [1, 2, 2, 3, 2, DASH]
    lop = [6, 7, 7, 9, 10, 2]
    t5 = summary_table("V", [
        Row("1", "Tổng số biên chế cán bộ, công chức", [None] * 6),
        Row("-", "Tổng số được giao", nums(*cc_giao), key="cc_giao"),
        Row("-", "Tổng số có mặt", nums(*cc_co_mat), key="cc_co_mat"),
        Row("2", "Tổng số biên chế viên chức", [None] * 6),
        Row("-", "Tổng số được giao", nums(*vc_giao), key="vc_giao"),
        Row("-", "Tổng số có mặt", nums(*vc_co_mat), key="vc_co_mat"),
        Row("3", "Số công chức được tuyển dụng theo hình thức thi cạnh tranh", nums(3, 0, 4, 2, 0, 0)),
        Row("4", "Số công chức được bổ nhiệm vào các chức danh lãnh đạo, quản lý thông qua thi tuyển cạnh tranh", nums(0, 0, 0, 0, 1, 0)),
        Row("5", "Số lượng cán bộ, công chức được tinh giản biên chế", nums(*tinh_gian)),
        Row("6", "Số lượng công chức được bồi dưỡng, tập huấn hàng năm", nums(34, 41, 38, 45, 52, 9)),
        Row("7", "Số lượng viên chức được bồi dưỡng, tập huấn hàng năm", nums(120, 135, 142, 150, 166, 20)),
        Row("8", "Số lượng các lớp đào tạo, bồi dưỡng", nums(*lop)),
    ], agency=False, label_cm=10.4, value_cm=2.4, relations=[
        ("le", "cc_co_mat", "cc_giao"), ("le", "vc_co_mat", "vc_giao"),
    ])

    # VII - hiện đại hóa hành chính
    vb_dien_tu = [p("35"), p("48"), p("62.5"), p("78"), p("88.5"), p("92.3")]
    dvc = [0, 0, 18, 42, 57, 61]
    dvc_phat_sinh = [None, None, 1, 4, 8, 10]
    dvc_rate = [DASH if n is None else Pct(rate(n, d)) for n, d in zip(dvc_phat_sinh, dvc)]
    iso = [0, 4, 12, 18, 24, 24]
    t7 = summary_table("VII", [
        Row("1", "Tỷ lệ văn bản hành chính được trao đổi dưới dạng điện tử", vb_dien_tu, agency="Văn phòng HĐND và UBND huyện"),
        Row("2", "Số đơn vị kết nối Trục liên thông văn bản quốc gia", nums(DASH, DASH, DASH, DASH, 1, 1), agency="Phòng Văn hóa và Thông tin"),
        Row("3", "Số lượng chữ ký số", nums(0, 12, 26, 48, 97, 103), agency="Phòng Văn hóa và Thông tin"),
        Row("4", "Tỷ lệ công chức có hộp thư điện tử", [p("60"), p("72"), p("85"), p("100"), p("100"), p("100")], agency="Văn phòng HĐND và UBND huyện"),
        Row("5", "Số dịch vụ công trực tuyến mức độ 3, mức độ 4", nums(*dvc), agency="Văn phòng HĐND và UBND huyện"),
        Row("6", "Tỷ lệ dịch vụ công trực tuyến mức độ 3, mức độ 4 có phát sinh hồ sơ", dvc_rate, agency="Văn phòng HĐND và UBND huyện"),
        Row("7", "Tỷ lệ hồ sơ giải quyết qua hệ thống một cửa điện tử", [DASH, DASH, p("12.4"), p("26.8"), p("41.5"), p("58")], agency="Văn phòng HĐND và UBND huyện"),
        Row("8", "Số cơ quan chuyên môn cấp huyện, đơn vị hành chính cấp xã có bản Công bố ISO", nums(*iso), agency="Phòng Nội vụ"),
    ], agency=True, label_cm=9.4, value_cm=2.0)

    # VIII - đánh giá mục tiêu
    t8 = eval_table("VIII", [
        Row("1", "Thủ tục hành chính liên quan đến cá nhân, tổ chức được cải cách cơ bản theo hướng gọn nhẹ, đơn giản; mỗi năm đều có tỷ lệ giảm chi phí mà cá nhân, tổ chức phải bỏ ra khi giải quyết thủ tục hành chính tại cơ quan hành chính nhà nước", [Text("Đạt")], agency="Văn phòng HĐND và UBND huyện"),
        Row("2", "Sự hài lòng của cá nhân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước đạt mức trên 80% vào năm 2020", [Text("Đạt")], agency="Phòng Nội vụ"),
        Row("3", "Sự hài lòng của cá nhân đối với dịch vụ do đơn vị sự nghiệp công cung cấp trong các lĩnh vực giáo dục, y tế đạt mức trên 80% vào năm 2020", [Text("Đạt")], agency="Phòng Giáo dục và Đào tạo; Trung tâm Y tế huyện"),
        Row("4", "Đội ngũ công chức, viên chức có số lượng, cơ cấu hợp lý, đủ trình độ và năng lực thi hành công vụ, phục vụ nhân dân; 100% các cơ quan, đơn vị có cơ cấu công chức theo vị trí việc làm", [Text("Đạt")], agency="Phòng Nội vụ"),
        Row("5", "20% số lượng người dân và doanh nghiệp tham gia hệ thống thông tin Chính quyền điện tử được xác thực định danh điện tử thông suốt và hợp nhất trên tất cả các hệ thống thông tin của các cơ quan", [Text("Không đạt")], agency="Phòng Văn hóa và Thông tin"),
        Row("6", "Tối thiểu 30% dịch vụ công trực tuyến thực hiện ở mức độ 4", [Text("Không đạt")], agency="Văn phòng HĐND và UBND huyện"),
        Row("7", "100% cơ quan kết nối vào Mạng truyền số liệu chuyên dùng của các cơ quan Đảng, Nhà nước", [Text("Đạt")], agency="Phòng Văn hóa và Thông tin"),
    ], (dt.date(2011, 1, 1), dt.date(2020, 12, 31)))

    y19 = years.index("Năm 2019")
    hh19, hx19 = Ratio(*hs_huyen[y19]), Ratio(*hs_xa[y19])
    five = slice(0, 5)  # 2015 - 2019, the full years
    blocks = [
        *issuer_block("ỦY BAN NHÂN DÂN\nHUYỆN NGỌC KHÊ", f"Số: {number}", f"Ngọc Khê, {vn_date(date)}"),
        centre("BÁO CÁO\nTổng kết thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020 và định hướng giai đoạn 2021 - 2030"),
        body("Thực hiện Công văn số 415/SNV-CCHC ngày 16/3/2020 của Sở Nội vụ tỉnh Lâm Giang về việc tổng kết Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020, Ủy ban nhân dân huyện Ngọc Khê báo cáo kết quả thực hiện như sau:"),
        centre("Phần thứ nhất\nKẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH TỔNG THỂ CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC GIAI ĐOẠN 2011 - 2020"),
        head("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        body("Ngay từ đầu giai đoạn, Huyện ủy và UBND huyện xác định cải cách hành chính là khâu đột phá, gắn với việc thực hiện các chỉ tiêu phát triển kinh tế - xã hội hằng năm của huyện. UBND huyện ban hành kế hoạch cải cách hành chính cho từng giai đoạn 2011 - 2015, 2016 - 2020 và kế hoạch hằng năm; mỗi nhiệm vụ đều có cơ quan chủ trì, thời hạn và sản phẩm cụ thể, được đưa vào nội dung giao ban định kỳ hằng tháng."),
        body(f"Trong 5 năm 2015 - 2019, Huyện ủy và UBND huyện đã ban hành {sum(vb_total[five])} văn bản chỉ đạo, điều hành về cải cách hành chính; riêng năm 2019 ban hành {vb_total[y19]} văn bản, trong đó UBND huyện, Chủ tịch UBND huyện ban hành {vb_ubnd[y19]} văn bản. Công tác kiểm tra được duy trì thường xuyên: năm 2019, Đoàn kiểm tra cải cách hành chính của huyện đã kiểm tra {kiem_tra[y19]} cơ quan, đơn vị, chấn chỉnh kịp thời việc niêm yết thủ tục hành chính và tác phong phục vụ của công chức tại Bộ phận Một cửa cấp xã."),
        body(f"Công tác tuyên truyền được đổi mới về hình thức. Đài Truyền thanh - Truyền hình huyện duy trì chuyên mục “Chính quyền phục vụ nhân dân”, phát sóng {tin_bai[y19]} tin, bài trong năm 2019; năm 2017 và năm 2019 huyện tổ chức cuộc thi tìm hiểu về cải cách hành chính, thu hút đông đảo cán bộ, đoàn viên thanh niên và người dân tham gia."),
        body(f"Từ năm 2018, UBND huyện triển khai đo lường sự hài lòng của người dân đối với {ks_dich_vu[3]} dịch vụ hành chính công; năm 2019 mở rộng lên {ks_dich_vu[4]} dịch vụ với {ks_mau[4].printed()} người được khảo sát, mức độ hài lòng chung đạt “{ks_muc_do[4].text}”."),
        head("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
        head("1. Cải cách thủ tục hành chính"),
        body(f"Tính đến ngày 31/3/2020, tổng số thủ tục hành chính (TTHC) thuộc thẩm quyền giải quyết trên địa bàn huyện là {tthc_total[-1]} thủ tục, gồm {tthc_huyen[-1]} TTHC cấp huyện và {tthc_xa[-1]} TTHC cấp xã; toàn bộ đã được công khai trên Trang thông tin điện tử của huyện và niêm yết tại Bộ phận Một cửa các cấp."),
        body(f"Kết quả giải quyết hồ sơ chuyển biến rõ nét: tỷ lệ hồ sơ cấp huyện giải quyết đúng hạn tăng từ {Ratio(*hs_huyen[0]).printed().split(' ')[0]} năm 2015 lên {vn_dec(hh19.d)}% năm 2019 ({vn_int(hh19.num)}/{vn_int(hh19.den)} hồ sơ); ở cấp xã, tỷ lệ này năm 2019 đạt {vn_dec(hx19.d)}%. Giai đoạn 2015 - 2019, huyện tiếp nhận {sum(pakn_in[five])} phản ánh, kiến nghị về quy định hành chính và đã giải quyết {sum(pakn_done[five])} phản ánh, kiến nghị; trường hợp còn lại thuộc thẩm quyền của cơ quan cấp tỉnh, đã được chuyển đúng quy định."),
        head("2. Cải cách tổ chức bộ máy hành chính"),
        body("Huyện đã sắp xếp, kiện toàn các cơ quan chuyên môn theo hướng tinh gọn, giảm từ 14 xuống còn 12 phòng chuyên môn; hợp nhất Trung tâm Văn hóa - Thông tin với Đài Truyền thanh - Truyền hình; sáp nhập các trường học có quy mô nhỏ, giảm 9 đầu mối đơn vị sự nghiệp công lập. Chức năng, nhiệm vụ của từng phòng được rà soát, khắc phục tình trạng chồng chéo."),
        head("3. Xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"),
        body(f"Biên chế được giao giảm dần theo lộ trình tinh giản: biên chế công chức giảm từ {cc_giao[0]} năm 2015 xuống {cc_giao[-1]} năm 2020; biên chế viên chức giảm từ {vc_giao[0]} xuống {vc_giao[-1]}. Giai đoạn 2015 - 2019, huyện tinh giản {sum(tinh_gian[five])} cán bộ, công chức và mở {sum(lop[five])} lớp đào tạo, bồi dưỡng về chuyên môn, kỹ năng hành chính và tin học."),
        head("4. Hiện đại hóa hành chính"),
        body(f"Tỷ lệ văn bản hành chính trao đổi dưới dạng điện tử tăng từ {vb_dien_tu[0].printed()} năm 2015 lên {vb_dien_tu[4].printed()} năm 2019 và đạt {vb_dien_tu[5].printed()} trong quý I năm 2020. Đến nay, toàn bộ công chức có hộp thư điện tử công vụ; huyện cung cấp {dvc[-1]} dịch vụ công trực tuyến mức độ 3, mức độ 4; {iso[-1]} cơ quan, đơn vị đã công bố hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001."),
        head("III. ĐÁNH GIÁ CHUNG"),
        head("1. Ưu điểm"),
        body("Nhận thức của cán bộ, công chức và người dân về cải cách hành chính được nâng lên rõ rệt; thủ tục hành chính được công khai, minh bạch; thời gian giải quyết hồ sơ được rút ngắn; bộ máy tinh gọn hơn và hoạt động hiệu quả hơn."),
        head("2. Hạn chế, nguyên nhân"),
        body(f"Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ còn thấp (năm 2019 mới đạt {dvc_rate[4].printed()}); mục tiêu xác thực định danh điện tử cho người dân, doanh nghiệp chưa đạt do hạ tầng mạng ở các xã vùng sâu còn yếu và người dân chưa quen sử dụng dịch vụ trực tuyến. Một bộ phận công chức cấp xã chưa thành thạo kỹ năng ứng dụng công nghệ thông tin."),
        centre("Phần thứ hai\nĐỊNH HƯỚNG GIAI ĐOẠN 2021 - 2030"),
        body("1. Tiếp tục rà soát, đơn giản hóa thủ tục hành chính; phấn đấu toàn bộ hồ sơ được tiếp nhận, giải quyết qua phần mềm một cửa điện tử và được số hóa kết quả giải quyết."),
        body("2. Hoàn thiện vị trí việc làm gắn với cơ cấu ngạch công chức, chức danh nghề nghiệp viên chức; thực hiện nghiêm lộ trình tinh giản biên chế."),
        body("3. Đầu tư hạ tầng công nghệ thông tin cho Bộ phận Một cửa cấp xã; đẩy mạnh tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến."),
        centre("Phần thứ ba\nKIẾN NGHỊ"),
        body("Đề nghị UBND tỉnh quan tâm bố trí kinh phí nâng cấp trang thiết bị cho Bộ phận Một cửa cấp xã; sớm ban hành hướng dẫn thống nhất về số hóa hồ sơ, kết quả giải quyết thủ tục hành chính trên địa bàn tỉnh."),
        body("Trên đây là báo cáo tổng kết thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020 của UBND huyện Ngọc Khê./."),
        *signer_block([
            "- Sở Nội vụ tỉnh Lâm Giang;",
            "- TT Huyện ủy, TT HĐND huyện;",
            "- Chủ tịch, các PCT UBND huyện;",
            "- Các phòng, ban chuyên môn thuộc UBND huyện;",
            "- UBND các xã, thị trấn;",
            "- Lưu: VT, NV.",
        ], "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "Phạm Quang Vinh"),
    ]
    appendix_at = len(blocks)
    blocks += [
        centre("PHỤ LỤC"),
        centre("Thống kê các chỉ tiêu, nhiệm vụ cải cách hành chính của huyện Ngọc Khê giai đoạn 2011 - 2020\n"
               f"(Kèm theo Báo cáo số {number} ngày {date.day:02d}/{date.month}/{date.year} của UBND huyện Ngọc Khê)", bold=False),
        head("I- Lĩnh vực chỉ đạo điều hành (Cơ quan chủ trì, thống kê báo cáo: Phòng Nội vụ, Văn phòng HĐND và UBND huyện)"),
        t1,
        head("III- Lĩnh vực cải cách thủ tục hành chính (Cơ quan chủ trì, thống kê báo cáo: Văn phòng HĐND và UBND huyện)"),
        t3,
        head("V- Lĩnh vực xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức (Cơ quan chủ trì, thống kê báo cáo: Phòng Nội vụ)"),
        t5,
        head("VII- Lĩnh vực hiện đại hóa hành chính (Cơ quan chủ trì, thống kê báo cáo: Phòng Văn hóa và Thông tin, Văn phòng HĐND và UBND huyện)"),
        t7,
        head("VIII- Đánh giá mức độ thực hiện các mục tiêu cải cách hành chính nhà nước của huyện giai đoạn 2011-2020 (Cơ quan chủ trì, tham mưu đánh giá: Phòng Nội vụ)"),
        t8,
    ]
    return Report(name, "giai đoạn 2011 - 2020", (dt.date(2011, 1, 1), dt.date(2020, 12, 31)), date,
                  "UBND huyện Ngọc Khê",
                  "Tổng kết Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2011 - 2020",
                  blocks, landscape_appendix_from=appendix_at)


# --------------------------------------------------------------------------- b/c. provincial, periodic forms

TTHC_RESULT_SUBS = ["Tổng số hồ sơ TTHC đã giải quyết xong", "Số hồ sơ TTHC giải quyết đúng hạn"]


def province_office_q1_2024() -> Report:
    name = "province_office_q1_2024"
    period = (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    date = dt.date(2024, 4, 5)
    number = "142/BC-SNV"

    kh_total, kh_done = 46, 9
    bm1 = form_table("Biểu mẫu 1", [
        Row("1", "Kế hoạch CCHC", [None]),
        Row("1.1.", "Số nhiệm vụ đề ra trong kế hoạch CCHC năm", [Num(kh_total)], unit="Nhiệm vụ", key="kh"),
        Row("1.2.", "Số nhiệm vụ đã hoàn thành", [Num(kh_done)], unit="Nhiệm vụ", key="kh_xong"),
        Row("1.3.", "Tỷ lệ nhiệm vụ đã hoàn thành", [Pct(rate(kh_done, kh_total), sign=False)], unit="%", key="kh_tl"),
        Row("2", "Kiểm tra CCHC", [None]),
        Row("2.1.", "Số cơ quan, đơn vị đã kiểm tra", [Num(6)], unit="Cơ quan, đơn vị"),
        Row("2.2.", "Số vấn đề phát hiện qua kiểm tra", [Num(11)], unit="Vấn đề", key="vd"),
        Row("2.3.", "Số vấn đề phát hiện đã xử lý xong", [Num(8)], unit="Vấn đề", key="vd_xong"),
        Row("3", "Tuyên truyền CCHC", [None]),
        Row("3.1.", "Số tin, bài tuyên truyền CCHC trên Cổng thông tin điện tử của tỉnh", [Num(57)], unit="Tin, bài"),
        Row("3.2.", "Số hội nghị, lớp tập huấn về CCHC", [Num(2)], unit="Hội nghị"),
        Row("5", "Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao", [None], note="Sở Nội vụ tổng hợp"),
        Row("5.1.", "Tổng số nhiệm vụ được giao", [Num(38)], unit="Nhiệm vụ", key="nv"),
        Row("5.2.", "Số nhiệm vụ đã hoàn thành đúng hạn", [Num(21)], unit="Nhiệm vụ", key="nv_dung"),
        Row("5.3.", "Số nhiệm vụ đã hoàn thành nhưng quá hạn", [Num(2)], unit="Nhiệm vụ", key="nv_qua"),
        Row("5.4.", "Số nhiệm vụ quá hạn nhưng chưa hoàn thành", [Num(0)], unit="Nhiệm vụ"),
        Row("6", "Khảo sát sự hài lòng của người dân, tổ chức", [Num(1)], unit="Có = 1; Không = 0",
            note="Khảo sát tại Trung tâm Phục vụ hành chính công tỉnh"),
        Row("6.1", "Số lượng phiếu khảo sát", [Num(1840)], unit="Phiếu"),
        Row("6.2.", "Hình thức khảo sát", [Num(2)], unit="Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2"),
        Row("7", "Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp", [Num(0)], unit="Có = 1; Không = 0"),
    ], period, relations=[("rate", "kh_tl", "kh_xong", "kh"), ("le", "vd_xong", "vd"),
                          ("le", "nv_dung", "nv"), ("le", "nv_qua", "nv")])

    tthc_levels = [1402, 276, 131]
    levels = [
        ("3.1.", "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn", [12480, 12324]),
        ("3.2.", "Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn", [8936, 8771]),
        ("3.3.", "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn", [21650, 21428]),
    ]
    rows3 = [
        Row("1.", "Thống kê TTHC", [None]),
        Row("1.1.", "Số TTHC đã được phê duyệt phương án đơn giản hóa", [Num(7)], unit="Thủ tục"),
        Row("1.2.", "Số TTHC công bố mới", [Num(23)], unit="Thủ tục"),
        Row("1.3.", "Số TTHC bãi bỏ, thay thế", [Num(15)], unit="Thủ tục"),
        Row("1.4.", "Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương", [Num(sum(tthc_levels))], unit="Thủ tục", key="tthc"),
        Row("1.4.1.", "Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)", [Num(tthc_levels[0])], unit="Thủ tục", key="tthc1"),
        Row("1.4.2.", "Số TTHC cấp huyện (Bao gồm cả TTHC của cơ quan ngành dọc)", [Num(tthc_levels[1])], unit="Thủ tục", key="tthc2"),
        Row("1.4.3.", "Số TTHC cấp xã (Bao gồm cả TTHC của cơ quan ngành dọc)", [Num(tthc_levels[2])], unit="Thủ tục", key="tthc3"),
        Row("2.", "Thực hiện cơ chế một cửa, một cửa liên thông", [None]),
        Row("2.1.", "Số TTHC liên thông cùng cấp", [Num(248)], unit="Thủ tục"),
        Row("2.2.", "Số TTHC liên thông giữa các cấp chính quyền", [Num(97)], unit="Thủ tục"),
        Row("2.3.", "Số TTHC đã thực hiện tiếp nhận và giải quyết hồ sơ không phụ thuộc vào địa giới hành chính", [Num(412)], unit="Thủ tục"),
        Row("3.", "Kết quả giải quyết TTHC", [None]),
    ]
    rel3 = [("sum", "tthc", ["tthc1", "tthc2", "tthc3"])]
    for code, label, counts in levels:
        rows, rel = rate_block(code, label, TTHC_RESULT_SUBS, counts, "Hồ sơ", code, 1, 0)
        rows3 += rows
        rel3 += rel
    rows, rel = rate_block("3.4.", "Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC",
                           ["Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)",
                            "Số PAKN đã giải quyết xong"], [16, 14], "PAKN", "3.4.", 1, 0)
    rows3 += rows
    rel3 += rel
    bm3 = form_table("Biểu mẫu 3", rows3, period, note_header="Ghi chú", relations=rel3)

    rows7 = [
        Row("3", "Tỷ lệ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo quốc gia", [Pct(Decimal(100))], unit="%"),
        Row("6", "Cung cấp dịch vụ công trực tuyến", [None]),
    ]
    rel7 = []
    for code, label, subs, counts, unit in [
        ("6.1.", "Tỷ lệ DVCTT toàn trình trên tổng số DVC đủ điều kiện",
         ["Tổng số DVC đủ điều kiện lên trực tuyến toàn trình", "Số lượng DVCTT toàn trình"], [356, 349], "DVC"),
        ("6.2.", "Tỷ lệ DVC có phát sinh hồ sơ nộp trực tuyến (toàn trình + một phần)",
         ["Tổng số DVCTT có phát sinh hồ sơ", "Số DVCTT có phát sinh hồ sơ trực tuyến"], [512, 455], "DVC"),
        ("6.3.", "Tỷ lệ hồ sơ trực tuyến toàn trình",
         ["Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực tiếp)",
          "Số hồ sơ nộp trực tuyến của các DVCTT toàn trình"], [18204, 15617], "Hồ sơ"),
        ("6.4.", "Tỷ lệ hồ sơ trực tuyến một phần",
         ["Tổng số hồ sơ của DVCTT một phần", "Số hồ sơ nộp trực tuyến của các DVCTT một phần"], [24530, 9874], "Hồ sơ"),
        ("6.5.", "Tỷ lệ TTHC được tích hợp, triển khai thanh toán trực tuyến",
         ["Tổng số TTHC có yêu cầu nghĩa vụ tài chính",
          "Số TTHC đã được tích hợp, triển khai thanh toán trực tuyến trên Cổng DVC quốc gia hoặc Cổng DVC của tỉnh"],
         [468, 401], "Thủ tục"),
    ]:
        rows, rel = rate_block(code, label, subs, counts, unit, code, 1, 0)
        rows7 += rows
        rel7 += rel
    bm7 = form_table("Biểu mẫu 7", rows7, period, note_header="Ghi chú", relations=rel7)

    def val(t, code):
        return next(r for r in t.rows if r.code == code).values[0]

    blocks = [
        *issuer_block("UBND TỈNH LÂM GIANG\nSỞ NỘI VỤ", f"Số: {number}", f"Lâm Giang, {vn_date(date)}"),
        centre("BÁO CÁO\nCông tác cải cách hành chính Quý I năm 2024"),
        body("Thực hiện Kế hoạch số 214/KH-UBND ngày 27/12/2023 của UBND tỉnh Lâm Giang về cải cách hành chính nhà nước năm 2024, Sở Nội vụ báo cáo kết quả thực hiện công tác cải cách hành chính (CCHC) Quý I năm 2024 như sau:"),
        head("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        body(f"Sở Nội vụ đã tham mưu UBND tỉnh ban hành Kế hoạch CCHC năm 2024 với {kh_total} nhiệm vụ, phân công rõ cơ quan chủ trì và thời hạn hoàn thành. Đến ngày 31/3/2024 đã hoàn thành {kh_done} nhiệm vụ, đạt {val(bm1, '1.3.').printed()}% kế hoạch năm; các nhiệm vụ còn lại đang được triển khai theo tiến độ."),
        body("Trong quý, Sở tham mưu Đoàn kiểm tra CCHC của tỉnh kiểm tra 6 cơ quan, đơn vị; qua kiểm tra phát hiện 11 vấn đề cần chấn chỉnh, đến nay đã xử lý xong 8 vấn đề, số còn lại được giao thời hạn khắc phục trong Quý II. Công tác tuyên truyền được đẩy mạnh với 57 tin, bài trên Cổng thông tin điện tử của tỉnh và 2 hội nghị quán triệt nhiệm vụ CCHC năm 2024."),
        body("Đối với nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao, trong quý Sở được giao 38 nhiệm vụ, đã hoàn thành đúng hạn 21 nhiệm vụ, hoàn thành nhưng quá hạn 2 nhiệm vụ; không có nhiệm vụ quá hạn chưa hoàn thành."),
        head("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"),
        head("1. Cải cách thể chế"),
        body("Sở phối hợp với Sở Tư pháp rà soát các văn bản quy phạm pháp luật thuộc lĩnh vực nội vụ; đề xuất sửa đổi quy định về phân cấp quản lý công chức, viên chức cho phù hợp với quy định mới của Chính phủ."),
        head("2. Cải cách thủ tục hành chính"),
        body(f"Trong quý, Chủ tịch UBND tỉnh công bố mới 23 TTHC, bãi bỏ, thay thế 15 TTHC và phê duyệt phương án đơn giản hóa 7 TTHC. Tổng số TTHC thuộc thẩm quyền giải quyết trên địa bàn tỉnh hiện là {val(bm3, '1.4.').printed()} thủ tục."),
        body(f"Về kết quả giải quyết hồ sơ: các sở, ngành giải quyết xong {val(bm3, '3.1.1.').printed()} hồ sơ, trong đó đúng hạn {val(bm3, '3.1.2.').printed()} hồ sơ, đạt {val(bm3, '3.1.').printed()}%; UBND cấp huyện giải quyết xong {val(bm3, '3.2.1.').printed()} hồ sơ, đúng hạn {val(bm3, '3.2.').printed()}%; UBND cấp xã giải quyết xong {val(bm3, '3.3.1.').printed()} hồ sơ, đúng hạn {val(bm3, '3.3.').printed()}%. Các cơ quan tiếp nhận 16 phản ánh, kiến nghị về quy định hành chính, đã giải quyết xong 14 phản ánh, kiến nghị."),
        head("3. Cải cách tổ chức bộ máy hành chính nhà nước"),
        body("Sở tiếp tục thẩm định đề án vị trí việc làm của các đơn vị sự nghiệp công lập; hướng dẫn các cơ quan rà soát chức năng, nhiệm vụ để tránh chồng chéo khi sắp xếp các phòng chuyên môn."),
        head("4. Xây dựng chính quyền điện tử, chính quyền số"),
        body(f"Toàn tỉnh hiện cung cấp {val(bm7, '6.1.2.').printed()}/{val(bm7, '6.1.1.').printed()} dịch vụ công đủ điều kiện ở mức toàn trình; tỷ lệ hồ sơ nộp trực tuyến đối với dịch vụ công trực tuyến toàn trình đạt {val(bm7, '6.3.').printed()}%."),
        head("III. NHIỆM VỤ TRỌNG TÂM QUÝ II NĂM 2024"),
        body("1. Hoàn thành kiểm tra CCHC theo kế hoạch; đôn đốc khắc phục các tồn tại phát hiện qua kiểm tra."),
        body("2. Hướng dẫn các cơ quan, địa phương tự đánh giá, chấm điểm Chỉ số CCHC năm 2024."),
        body("Sở Nội vụ báo cáo UBND tỉnh theo dõi, chỉ đạo./."),
        *signer_block([
            "- Bộ Nội vụ (Vụ CCHC);",
            "- UBND tỉnh (b/c);",
            "- Giám đốc, các PGĐ Sở;",
            "- Lưu: VT, CCHC.",
        ], "GIÁM ĐỐC", "Hoàng Thị Thu Trang"),
        *periodic_appendix("QUÝ I NĂM 2024", number, date, "Sở Nội vụ tỉnh Lâm Giang", bm1, bm3, bm7),
    ]
    return Report(name, "Quý I năm 2024", period, date, "Sở Nội vụ tỉnh Lâm Giang",
                  "Công tác cải cách hành chính Quý I năm 2024", blocks)


def province_office_6m_2024() -> Report:
    name = "province_office_6m_2024"
    period = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    date = dt.date(2024, 6, 14)
    number = "318/BC-VP"

    bm1 = form_table("Biểu mẫu 1", [
        Row("5", "Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao", [None], note="Văn phòng UBND tỉnh tổng hợp"),
        Row("5.1.", "Tổng số nhiệm vụ được giao", [Num(131)], unit="Nhiệm vụ", key="nv"),
        Row("5.2.", "Số nhiệm vụ đã hoàn thành đúng hạn", [Num(74)], unit="Nhiệm vụ", key="nv_dung"),
        Row("5.3.", "Số nhiệm vụ đã hoàn thành nhưng quá hạn", [Num(3)], unit="Nhiệm vụ", key="nv_qua"),
        Row("5.4.", "Số nhiệm vụ quá hạn nhưng chưa hoàn thành", [Num(1)], unit="Nhiệm vụ", key="nv_chua"),
        Row("6", "Khảo sát sự hài lòng của người dân, tổ chức", [Num(1)], unit="Có = 1; Không = 0"),
        Row("6.1.", "Số lượng phiếu khảo sát", [Num(4215)], unit="Phiếu"),
        Row("6.2.", "Hình thức khảo sát", [Num(2)], unit="Trực tuyến = 0; Phát phiếu = 1; Kết hợp = 2"),
        Row("7", "Tổ chức đối thoại của lãnh đạo với người dân, cộng đồng doanh nghiệp", [Num(1)], unit="Có = 1; Không = 0"),
    ], period, relations=[("le", "nv_dung", "nv"), ("le", "nv_qua", "nv"), ("le", "nv_chua", "nv")])

    # the long table: wordy labels, three count rows per rate, crosses a page break
    tthc_levels = [1417, 279, 133]
    received_subs = [
        "Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ (gồm hồ sơ kỳ trước chuyển sang và hồ sơ tiếp nhận mới trong kỳ)",
        "Tổng số hồ sơ TTHC đã giải quyết xong trong kỳ (bao gồm hồ sơ giải quyết trước hạn, đúng hạn và quá hạn)",
        "Số hồ sơ TTHC giải quyết đúng hạn, trước hạn trong tổng số hồ sơ đã giải quyết xong",
    ]
    results = {
        "3.1.": ("Tỷ lệ hồ sơ TTHC do các sở, ban, ngành tiếp nhận được giải quyết đúng hạn trong kỳ báo cáo", [27905, 26318, 26004]),
        "3.2.": ("Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn trong kỳ báo cáo", [19460, 18733, 18391]),
        "3.3.": ("Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn trong kỳ báo cáo", [47215, 46802, 46455]),
    }
    rows3 = [
        Row("1.", "Thống kê TTHC", [None]),
        Row("1.1.", "Số TTHC đã được Chủ tịch UBND tỉnh phê duyệt phương án đơn giản hóa, cắt giảm thời gian giải quyết trong kỳ báo cáo", [Num(18)], unit="Thủ tục"),
        Row("1.2.", "Số TTHC công bố mới (bao gồm TTHC ban hành mới, sửa đổi, bổ sung thuộc thẩm quyền giải quyết trên địa bàn tỉnh)", [Num(64)], unit="Thủ tục"),
        Row("1.3.", "Số TTHC bãi bỏ, thay thế theo các quyết định công bố của Chủ tịch UBND tỉnh trong kỳ báo cáo", [Num(37)], unit="Thủ tục"),
        Row("1.4.", "Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương (cấp tỉnh, cấp huyện và cấp xã)", [Num(sum(tthc_levels))], unit="Thủ tục", key="tthc"),
        Row("1.4.1.", "Số TTHC cấp tỉnh (bao gồm cả TTHC của cơ quan được tổ chức theo ngành dọc tại địa phương)", [Num(tthc_levels[0])], unit="Thủ tục", key="tthc1"),
        Row("1.4.2.", "Số TTHC cấp huyện (bao gồm cả TTHC của cơ quan được tổ chức theo ngành dọc tại địa phương)", [Num(tthc_levels[1])], unit="Thủ tục", key="tthc2"),
        Row("1.4.3.", "Số TTHC cấp xã (bao gồm cả TTHC của cơ quan được tổ chức theo ngành dọc tại địa phương)", [Num(tthc_levels[2])], unit="Thủ tục", key="tthc3"),
        Row("2.", "Thực hiện cơ chế một cửa, một cửa liên thông", [None]),
        Row("2.1.", "Số TTHC được giải quyết theo hình thức liên thông cùng cấp giữa các cơ quan chuyên môn thuộc UBND tỉnh", [Num(252)], unit="Thủ tục"),
        Row("2.2.", "Số TTHC được giải quyết theo hình thức liên thông giữa các cấp chính quyền (cấp tỉnh, cấp huyện, cấp xã)", [Num(101)], unit="Thủ tục"),
        Row("2.3.", "Số TTHC đã thực hiện tiếp nhận và giải quyết hồ sơ không phụ thuộc vào địa giới hành chính trong phạm vi cấp tỉnh", [Num(436)], unit="Thủ tục"),
        Row("2.4.", "Số TTHC được tiếp nhận hồ sơ, trả kết quả giải quyết qua dịch vụ bưu chính công ích theo quy định", [Num(1512)], unit="Thủ tục", key="bccI"),
        Row("3.", "Kết quả giải quyết TTHC", [None]),
    ]
    rel3 = [("sum", "tthc", ["tthc1", "tthc2", "tthc3"]), ("le", "bccI", "tthc")]
    for code, (label, counts) in results.items():
        rows, rel = rate_block(code, label, received_subs, counts, "Hồ sơ", code, 2, 1)
        rows3 += rows
        rel3 += rel
    rows, rel = rate_block("3.4.", "Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) của cá nhân, tổ chức về quy định hành chính và việc giải quyết TTHC",
                           ["Tổng số PAKN đã tiếp nhận (trực tiếp, do cơ quan có thẩm quyền chuyển đến hoặc qua Hệ thống tiếp nhận, trả lời PAKN)",
                            "Số PAKN đã giải quyết xong và công khai kết quả trả lời theo quy định"], [37, 35], "PAKN", "3.4.", 1, 0)
    rows3 += rows
    rel3 += rel
    rows3.append(Row("4.", "Số hóa hồ sơ, kết quả giải quyết TTHC", [None]))
    for code, where, resolved, digitised in [
        ("4.1.", "các sở, ban, ngành", results["3.1."][1][1], 24870),
        ("4.2.", "UBND cấp huyện", results["3.2."][1][1], 15120),
        ("4.3.", "UBND cấp xã", results["3.3."][1][1], 31466),
    ]:
        rows, rel = rate_block(code, f"Tỷ lệ hồ sơ TTHC được số hóa, cấp bản sao điện tử kết quả giải quyết TTHC tại {where}",
                               [f"Tổng số hồ sơ TTHC đã giải quyết xong tại {where} trong kỳ báo cáo",
                                "Số hồ sơ TTHC có kết quả giải quyết được số hóa, ký số và lưu trữ điện tử theo quy định"],
                               [resolved, digitised], "Hồ sơ", code, 1, 0)
        rows3 += rows
        rel3 += rel
    rows3.append(Row("5.", "Thanh toán trực tuyến nghĩa vụ tài chính trong giải quyết TTHC", [None]))
    rows, rel = rate_block("5.1.", "Tỷ lệ hồ sơ có yêu cầu nghĩa vụ tài chính được thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia",
                           ["Tổng số hồ sơ TTHC có yêu cầu nghĩa vụ tài chính (phí, lệ phí, thuế và các khoản thu khác) đã giải quyết xong",
                            "Số hồ sơ TTHC có yêu cầu nghĩa vụ tài chính đã được thanh toán trực tuyến"],
                           [38640, 17902], "Hồ sơ", "5.1.", 1, 0)
    rows3 += rows
    rel3 += rel
    for r in rows3:  # the notes column names who compiled each level
        if r.code in ("3.1.", "4.1."):
            r.note = "Các sở, ban, ngành báo cáo"
        elif r.code in ("3.2.", "4.2."):
            r.note = "UBND cấp huyện báo cáo"
        elif r.code in ("3.3.", "4.3."):
            r.note = "UBND cấp huyện tổng hợp cấp xã"
    bm3 = form_table("Biểu mẫu 3", rows3, period, note_header="Ghi chú", label_cm=8.0, relations=rel3)

    rows7 = [Row("3", "Tỷ lệ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo quốc gia", [Pct(Decimal(100))], unit="%"),
             Row("6", "Cung cấp dịch vụ công trực tuyến", [None])]
    rel7 = []
    for code, label, subs, counts, unit in [
        ("6.1.", "Tỷ lệ DVCTT toàn trình trên tổng số DVC đủ điều kiện",
         ["Tổng số DVC đủ điều kiện lên trực tuyến toàn trình", "Số lượng DVCTT toàn trình"], [361, 357], "DVC"),
        ("6.3.", "Tỷ lệ hồ sơ trực tuyến toàn trình",
         ["Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực tiếp)",
          "Số hồ sơ nộp trực tuyến của các DVCTT toàn trình"], [39512, 34188], "Hồ sơ"),
        ("6.4.", "Tỷ lệ hồ sơ trực tuyến một phần",
         ["Tổng số hồ sơ của DVCTT một phần", "Số hồ sơ nộp trực tuyến của các DVCTT một phần"], [51207, 22430], "Hồ sơ"),
    ]:
        rows, rel = rate_block(code, label, subs, counts, unit, code, 1, 0)
        rows7 += rows
        rel7 += rel
    bm7 = form_table("Biểu mẫu 7", rows7, period, relations=rel7)

    def val(t, code):
        return next(r for r in t.rows if r.code == code).values[0]

    blocks = [
        *issuer_block("UBND TỈNH LÂM GIANG\nVĂN PHÒNG", f"Số: {number}", f"Lâm Giang, {vn_date(date)}"),
        centre("BÁO CÁO\nCông tác cải cách hành chính 6 tháng đầu năm 2024"),
        body("Thực hiện Kế hoạch số 214/KH-UBND ngày 27/12/2023 của UBND tỉnh Lâm Giang về cải cách hành chính nhà nước năm 2024 và Quyết định số 96/QĐ-UBND ngày 19/01/2024 của Chủ tịch UBND tỉnh về phân công nhiệm vụ cải cách hành chính, Văn phòng UBND tỉnh (Văn phòng) báo cáo kết quả công tác cải cách hành chính (CCHC) 6 tháng đầu năm 2024 như sau:"),
        head("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        body("Văn phòng tham mưu Chủ tịch UBND tỉnh ban hành kịp thời các văn bản chỉ đạo về kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông và số hóa hồ sơ, kết quả giải quyết thủ tục hành chính; theo dõi, đôn đốc các sở, ngành, địa phương thực hiện đúng tiến độ."),
        body(f"Trong 6 tháng, UBND tỉnh được Chính phủ, Thủ tướng Chính phủ giao {val(bm1, '5.1.').printed()} nhiệm vụ; đã hoàn thành đúng hạn {val(bm1, '5.2.').printed()} nhiệm vụ, hoàn thành quá hạn {val(bm1, '5.3.').printed()} nhiệm vụ, còn {val(bm1, '5.4.').printed()} nhiệm vụ quá hạn chưa hoàn thành do phụ thuộc ý kiến của cơ quan trung ương. Văn phòng đã phát {val(bm1, '6.1.').printed()} phiếu khảo sát sự hài lòng của người dân, tổ chức, kết hợp khảo sát trực tuyến và phát phiếu trực tiếp."),
        head("II. KẾT QUẢ THỰC HIỆN"),
        head("1. Kiểm soát thủ tục hành chính"),
        body(f"Chủ tịch UBND tỉnh đã công bố mới {val(bm3, '1.2.').printed()} TTHC, bãi bỏ, thay thế {val(bm3, '1.3.').printed()} TTHC và phê duyệt phương án đơn giản hóa {val(bm3, '1.1.').printed()} TTHC. Đến ngày 30/6/2024, tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương là {val(bm3, '1.4.').printed()} thủ tục, trong đó cấp tỉnh {val(bm3, '1.4.1.').printed()}, cấp huyện {val(bm3, '1.4.2.').printed()}, cấp xã {val(bm3, '1.4.3.').printed()} thủ tục."),
        head("2. Kết quả giải quyết thủ tục hành chính"),
        body(f"Các sở, ban, ngành tiếp nhận {val(bm3, '3.1.1.').printed()} hồ sơ, đã giải quyết xong {val(bm3, '3.1.2.').printed()} hồ sơ, trong đó đúng hạn {val(bm3, '3.1.3.').printed()} hồ sơ, đạt {val(bm3, '3.1.').printed()}%. Ở cấp huyện, tỷ lệ giải quyết đúng hạn đạt {val(bm3, '3.2.').printed()}%; ở cấp xã đạt {val(bm3, '3.3.').printed()}%. Các cơ quan đã giải quyết xong {val(bm3, '3.4.2.').printed()}/{val(bm3, '3.4.1.').printed()} phản ánh, kiến nghị của cá nhân, tổ chức."),
        body(f"Việc số hóa hồ sơ, kết quả giải quyết TTHC có chuyển biến nhưng chưa đồng đều: cấp tỉnh đạt {val(bm3, '4.1.').printed()}%, cấp huyện đạt {val(bm3, '4.2.').printed()}%, cấp xã mới đạt {val(bm3, '4.3.').printed()}%. Tỷ lệ hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến đạt {val(bm3, '5.1.').printed()}%."),
        head("3. Chính quyền điện tử"),
        body(f"Toàn tỉnh cung cấp {val(bm7, '6.1.2.').printed()} dịch vụ công trực tuyến toàn trình trên tổng số {val(bm7, '6.1.1.').printed()} dịch vụ đủ điều kiện; tỷ lệ hồ sơ nộp trực tuyến toàn trình đạt {val(bm7, '6.3.').printed()}%, một phần đạt {val(bm7, '6.4.').printed()}%. Toàn bộ báo cáo định kỳ được gửi, nhận qua Hệ thống thông tin báo cáo quốc gia."),
        head("III. HẠN CHẾ VÀ NHIỆM VỤ 6 THÁNG CUỐI NĂM"),
        body("Tỷ lệ số hóa kết quả giải quyết TTHC ở cấp xã còn thấp do thiếu thiết bị quét và chữ ký số cho công chức một cửa. Trong 6 tháng cuối năm, Văn phòng tập trung tham mưu bố trí thiết bị cho Bộ phận Một cửa cấp xã, tổ chức tập huấn số hóa hồ sơ và kiểm tra đột xuất việc giải quyết hồ sơ quá hạn tại một số địa phương."),
        body("Văn phòng UBND tỉnh báo cáo công tác cải cách hành chính 6 tháng đầu năm 2024, đề nghị Sở Nội vụ tổng hợp./."),
        *signer_block([
            "- CT, các PCT UBND tỉnh (b/c);",
            "- Sở Nội vụ;",
            "- CVP, các PCVP;",
            "- Lưu: VT, KSTTHC.",
        ], "CHÁNH VĂN PHÒNG", "Lê Hoàng Phúc"),
        *periodic_appendix("6 THÁNG ĐẦU NĂM 2024", number, date, "Văn phòng UBND tỉnh", bm1, bm3, bm7),
    ]
    return Report(name, "6 tháng đầu năm 2024", period, date, "Văn phòng UBND tỉnh Lâm Giang",
                  "Công tác cải cách hành chính 6 tháng đầu năm 2024", blocks)


# --------------------------------------------------------------------------- d. commune, borderless


def commune_borderless_2023() -> Report:
    name = "commune_borderless_2023"
    period = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    date = dt.date(2023, 12, 12)
    number = "26/BC-UBND"
    resolved, on_time = 3214, 3198

    rows3 = [
        Row("1.", "Thống kê TTHC", [None]),
        Row("1.1.", "Tổng số TTHC thuộc thẩm quyền giải quyết của UBND xã", [Num(124)], unit="Thủ tục", key="tthc"),
        Row("1.2.", "Số TTHC được công khai tại Bộ phận Một cửa xã", [Num(124)], unit="Thủ tục", key="cong_khai"),
        Row("2.", "Thực hiện cơ chế một cửa, một cửa liên thông", [None]),
        Row("2.1.", "Số TTHC liên thông cùng cấp", [Num(6)], unit="Thủ tục"),
        Row("2.2.", "Số TTHC liên thông giữa các cấp chính quyền", [Num(11)], unit="Thủ tục"),
        Row("3.", "Kết quả giải quyết TTHC", [None]),
    ]
    rel3 = [("le", "cong_khai", "tthc")]
    rows, rel = rate_block("3.3.", "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn",
                           TTHC_RESULT_SUBS, [resolved, on_time], "Hồ sơ", "3.3.", 1, 0)
    rows3 += rows
    rel3 += rel
    rows, rel = rate_block("3.4.", "Tỷ lệ giải quyết phản ánh, kiến nghị (PAKN) về quy định TTHC",
                           ["Tổng số PAKN đã tiếp nhận", "Số PAKN đã giải quyết xong"], [4, 4], "PAKN", "3.4.", 1, 0)
    rows3 += rows
    rel3 += rel
    bm3 = form_table("Biểu mẫu 3", rows3, period, borderless=True, relations=rel3)

    rows7, rel7 = [Row("6", "Cung cấp dịch vụ công trực tuyến", [None])], []
    for code, label, subs, counts in [
        ("6.3.", "Tỷ lệ hồ sơ trực tuyến toàn trình",
         ["Tổng số hồ sơ của DVCTT toàn trình", "Số hồ sơ nộp trực tuyến của các DVCTT toàn trình"], [1126, 874]),
        ("6.6.", "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
         ["Tổng số hồ sơ TTHC đã giải quyết xong", "Số hồ sơ có kết quả giải quyết được số hóa"], [resolved, 2987]),
    ]:
        rows, rel = rate_block(code, label, subs, counts, "Hồ sơ", code, 1, 0)
        rows7 += rows
        rel7 += rel
    bm7 = form_table("Biểu mẫu 7", rows7, period, borderless=True, relations=rel7)

    def val(t, code):
        return next(r for r in t.rows if r.code == code).values[0]

    blocks = [
        *issuer_block("UBND HUYỆN NGỌC KHÊ\nỦY BAN NHÂN DÂN XÃ PHƯỚC LÂM", f"Số: {number}", f"Phước Lâm, {vn_date(date)}"),
        centre("BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính năm 2023"),
        body("Thực hiện Công văn số 1187/UBND-NV ngày 20/11/2023 của UBND huyện Ngọc Khê về việc báo cáo công tác cải cách hành chính năm 2023, UBND xã Phước Lâm báo cáo kết quả thực hiện như sau:"),
        head("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        body("Đầu năm, UBND xã ban hành Kế hoạch cải cách hành chính năm 2023, phân công nhiệm vụ cụ thể cho từng công chức chuyên môn; lồng ghép nội dung cải cách hành chính vào các buổi họp dân ở 9 thôn. Chủ tịch UBND xã trực tiếp kiểm tra hoạt động của Bộ phận Một cửa hằng tháng."),
        head("II. KẾT QUẢ THỰC HIỆN"),
        head("1. Cải cách thủ tục hành chính"),
        body(f"Xã đang thực hiện {val(bm3, '1.1.').printed()} TTHC thuộc thẩm quyền, toàn bộ được niêm yết công khai tại Bộ phận Một cửa. Trong năm, Bộ phận Một cửa đã giải quyết xong {val(bm3, '3.3.1.').printed()} hồ sơ, trong đó đúng hạn {val(bm3, '3.3.2.').printed()} hồ sơ, đạt {val(bm3, '3.3.').printed()}%; các hồ sơ trễ hạn đều có văn bản xin lỗi người dân. UBND xã tiếp nhận {val(bm3, '3.4.1.').printed()} phản ánh, kiến nghị và đã giải quyết xong toàn bộ."),
        head("2. Chính quyền điện tử"),
        body(f"Tỷ lệ hồ sơ nộp trực tuyến toàn trình đạt {val(bm7, '6.3.').printed()}%; kết quả giải quyết của {val(bm7, '6.6.2.').printed()} hồ sơ đã được số hóa, đạt {val(bm7, '6.6.').printed()}%. Tổ công nghệ số cộng đồng ở các thôn hỗ trợ người cao tuổi nộp hồ sơ trên Cổng Dịch vụ công."),
        head("III. TỒN TẠI VÀ PHƯƠNG HƯỚNG NĂM 2024"),
        body("Máy tính tại Bộ phận Một cửa đã cũ, đường truyền chập chờn vào giờ cao điểm. Năm 2024, xã đề nghị huyện hỗ trợ thay thế thiết bị, tiếp tục nâng tỷ lệ hồ sơ trực tuyến và số hóa kết quả giải quyết."),
        body("Trên đây là báo cáo kết quả công tác cải cách hành chính năm 2023 của UBND xã Phước Lâm./."),
        *signer_block([
            "- UBND huyện Ngọc Khê (b/c);",
            "- Phòng Nội vụ huyện;",
            "- TT Đảng ủy, TT HĐND xã;",
            "- Lưu: VT.",
        ], "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "Đinh Văn Sáng"),
        Para("Phụ lục", align="center", bold=True, indent=False, page_break_before=True),
        centre("SỐ LIỆU THỐNG KÊ CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA UBND XÃ PHƯỚC LÂM\n"
               f"(Kèm theo Báo cáo số {number} ngày {date.day:02d}/{date.month}/{date.year} của UBND xã Phước Lâm)"),
        centre("Biểu mẫu 3"), centre("Kết quả cải cách thủ tục hành chính", bold=False), bm3,
        centre("Biểu mẫu 7"), centre("Kết quả xây dựng chính quyền điện tử", bold=False), bm7,
    ]
    return Report(name, "năm 2023", period, date, "UBND xã Phước Lâm",
                  "Kết quả thực hiện công tác cải cách hành chính năm 2023", blocks)


SAMPLES = [district_2011_2020_summary, province_office_q1_2024, province_office_6m_2024, commune_borderless_2023]
