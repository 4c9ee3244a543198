"""Vietnamese texts of the seeded label registry (issuer, legal basis, how to check a certificate, the
certificate number's format), beside the English ones in `registry.py`. Names of schemes, databases and
standards stay as their owners write them. The seeder fills an empty Vietnamese field from here; it never
overwrites a text an administrator has edited."""
from __future__ import annotations

BMNMT = "các tổ chức chứng nhận được Bộ Nông nghiệp và Môi trường chỉ định"

VI: dict[str, dict[str, str]] = {
    "vn-ecolabel": dict(
        issuing_body_vi="Bộ Nông nghiệp và Môi trường; trước đây là Tổng cục Môi trường, Bộ Tài nguyên và Môi trường",
        legal_basis_vi="Luật Bảo vệ môi trường 2020, Điều 145; Nghị định 08/2022/NĐ-CP; Thông tư 02/2022/TT-BTNMT "
                       "(trước đó Thông tư 41/2013/TT-BTNMT); bộ tiêu chí theo nhóm sản phẩm như NSTVN-01:2023 "
                       "(Quyết định 3257/QĐ-BTNMT ngày 7/11/2023). Giấy chứng nhận có hiệu lực 36 tháng.",
        verify_howto_vi="Chưa có cơ sở dữ liệu tra cứu công khai. Bộ công bố các quyết định cấp nhãn (số quyết định, sản "
                        "phẩm, doanh nghiệp); hãy đề nghị nhà sản xuất cung cấp quyết định/giấy chứng nhận và đối chiếu "
                        "với đơn vị quản lý môi trường của Bộ.",
        certificate_hint_vi="Số giấy chứng nhận / số quyết định, ví dụ 123/QĐ-BNNMT"),
    "vn-energy-label": dict(
        issuing_body_vi="Bộ Công Thương, Vụ Tiết kiệm năng lượng và Phát triển bền vững",
        legal_basis_vi="Luật Sử dụng năng lượng tiết kiệm và hiệu quả 50/2010/QH12; Thông tư 36/2016/TT-BCT (dán nhãn năng "
                       "lượng); Quyết định 14/2023/QĐ-TTg (danh mục sản phẩm phải dán nhãn và hiệu suất tối thiểu).",
        verify_howto_vi="Tra cứu model sản phẩm trong danh sách sản phẩm dán nhãn năng lượng của Bộ Công Thương trên cổng "
                        "thông tin quốc gia về tiết kiệm năng lượng.",
        certificate_hint_vi="Số đăng ký nhãn năng lượng và model"),
    "vietgap": dict(
        issuing_body_vi=BMNMT[0].upper() + BMNMT[1:],
        legal_basis_vi="Thông tư 48/2012/TT-BNNPTNT về chứng nhận VietGAP (đã sửa đổi); TCVN 11892-1:2017.",
        verify_howto_vi="Đề nghị cung cấp giấy chứng nhận và tên tổ chức chứng nhận; tổ chức được chỉ định sẽ xác nhận. "
                        "Sở Nông nghiệp các tỉnh công bố danh sách cơ sở đạt VietGAP.",
        certificate_hint_vi="Số giấy chứng nhận do tổ chức chứng nhận cấp, ví dụ VietGAP-TT-12-34-56-0001"),
    "vn-organic": dict(
        issuing_body_vi=BMNMT[0].upper() + BMNMT[1:],
        legal_basis_vi="Nghị định 109/2018/NĐ-CP về nông nghiệp hữu cơ; Thông tư 16/2019/TT-BNNPTNT; bộ TCVN 11041.",
        verify_howto_vi="Đề nghị cung cấp giấy chứng nhận và đối chiếu với tổ chức chứng nhận đã cấp (quyết định chỉ định "
                        "của tổ chức này được Bộ công bố).",
        certificate_hint_vi="Số giấy chứng nhận do tổ chức chứng nhận cấp"),
    "vfcs-pefc": dict(
        issuing_body_vi="Văn phòng Chứng chỉ rừng Việt Nam (VFCO); hệ thống được PEFC công nhận",
        legal_basis_vi="Quyết định 1288/QĐ-TTg (2018) phê duyệt Đề án hệ thống chứng chỉ rừng Việt Nam; Thông tư "
                       "28/2018/TT-BNNPTNT về quản lý rừng bền vững.",
        verify_howto_vi="Tra cứu chủ chứng chỉ hoặc số chứng chỉ trong cơ sở dữ liệu 'Find certified' của PEFC.",
        certificate_hint_vi="Số chứng chỉ PEFC/VFCS"),
    "eu-ecolabel": dict(
        issuing_body_vi="Ủy ban châu Âu và các cơ quan có thẩm quyền của từng quốc gia",
        legal_basis_vi="Quy định (EC) số 66/2010.",
        verify_howto_vi="Tra cứu số giấy phép hoặc tên doanh nghiệp trong danh mục sản phẩm EU Ecolabel (ECAT).",
        certificate_hint_vi="Số giấy phép, ví dụ DE/020/012"),
    "nordic-swan": dict(
        issuing_body_vi="Nordic Ecolabelling (cơ quan nhãn sinh thái Bắc Âu)",
        verify_howto_vi="Dùng mục 'Find Nordic Swan Ecolabelled products' trên trang của chương trình với số giấy phép.",
        certificate_hint_vi="Số giấy phép, ví dụ 3099 0123"),
    "blue-angel": dict(
        issuing_body_vi="Bộ Môi trường Liên bang Đức, Cơ quan Môi trường Liên bang Đức (UBA) và RAL gGmbH",
        verify_howto_vi="Tra cứu sản phẩm hoặc doanh nghiệp trên trang tìm sản phẩm Blue Angel.",
        certificate_hint_vi="Số hợp đồng và bộ tiêu chí (DE-UZ …)"),
    "c2c": dict(
        issuing_body_vi="Viện Đổi mới Sản phẩm Cradle to Cradle",
        verify_howto_vi="Tra cứu doanh nghiệp hoặc sản phẩm trong Certified Products Registry.",
        certificate_hint_vi="Số chứng nhận trong cơ sở dữ liệu"),
    "eu-organic": dict(
        issuing_body_vi="Các tổ chức kiểm soát được Ủy ban châu Âu công nhận",
        legal_basis_vi="Quy định (EU) 2018/848.",
        verify_howto_vi="Tra cứu giấy chứng nhận của doanh nghiệp trong danh bạ hữu cơ TRACES.",
        certificate_hint_vi="Số giấy chứng nhận, ví dụ VN-BIO-149.001-0001234.2025.001"),
    "usda-organic": dict(
        issuing_body_vi="Bộ Nông nghiệp Hoa Kỳ (USDA), Chương trình Hữu cơ Quốc gia (qua các tổ chức chứng nhận được công nhận)",
        legal_basis_vi="7 CFR Phần 205.",
        verify_howto_vi="Tra cứu cơ sở trong USDA Organic Integrity Database.",
        certificate_hint_vi="Mã cơ sở / số giấy chứng nhận"),
    "jas-organic": dict(
        issuing_body_vi="Bộ Nông Lâm Thủy sản Nhật Bản (MAFF), qua các tổ chức chứng nhận đã đăng ký",
        legal_basis_vi="Tiêu chuẩn Nông nghiệp Nhật Bản (Luật JAS).",
        verify_howto_vi="Đề nghị cung cấp giấy chứng nhận và xác nhận với tổ chức chứng nhận có tên trong danh sách của MAFF.",
        certificate_hint_vi="Số cơ sở được chứng nhận"),
    "gots": dict(
        issuing_body_vi="Global Standard gGmbH (GOTS), qua các tổ chức chứng nhận được phê duyệt",
        verify_howto_vi="Tra cứu nhà cung cấp hoặc số giấy phép trong cơ sở dữ liệu nhà cung cấp được chứng nhận GOTS.",
        certificate_hint_vi="Số giấy phép GOTS và số chứng nhận phạm vi"),
    "globalgap": dict(
        issuing_body_vi="FoodPLUS GmbH (GLOBALG.A.P.), qua các tổ chức chứng nhận được phê duyệt",
        verify_howto_vi="Tra cứu mã GGN 13 chữ số trong cơ sở dữ liệu GLOBALG.A.P.",
        certificate_hint_vi="Mã GGN (13 chữ số)"),
    "asc": dict(
        issuing_body_vi="Hội đồng Quản lý Nuôi trồng Thủy sản (ASC), qua các tổ chức chứng nhận được công nhận",
        verify_howto_vi="Tra cứu trại nuôi trong mục 'Find a farm' của ASC; mã chuỗi hành trình (ASC-C-…) có trong sổ "
                        "đăng ký CoC của MSC/ASC.",
        certificate_hint_vi="Số chứng nhận ASC hoặc mã CoC, ví dụ ASC-C-01234"),
    "fsc": dict(
        issuing_body_vi="Hội đồng Quản lý Rừng (FSC), qua các tổ chức chứng nhận được công nhận (ASI)",
        verify_howto_vi="Tra cứu mã giấy phép (FSC-C……) hoặc mã chứng chỉ trong cơ sở dữ liệu chứng chỉ FSC (trước đây "
                        "là info.fsc.org), kiểm tra trạng thái 'Valid' (còn hiệu lực) và phạm vi sản phẩm.",
        certificate_hint_vi="Mã giấy phép FSC-C123456 hoặc mã chứng chỉ, ví dụ SCS-COC-001234"),
    "pefc": dict(
        issuing_body_vi="Chương trình Chứng thực Chứng chỉ rừng (PEFC), qua các tổ chức chứng nhận được công nhận",
        verify_howto_vi="Tra cứu doanh nghiệp hoặc số chứng chỉ trong cơ sở dữ liệu 'Find certified' của PEFC.",
        certificate_hint_vi="Số chứng chỉ, ví dụ PEFC/07-31-123"),
    "grs": dict(
        issuing_body_vi="Textile Exchange, qua các tổ chức chứng nhận được phê duyệt",
        verify_howto_vi="Tra cứu doanh nghiệp trong cơ sở dữ liệu tổ chức được chứng nhận của Textile Exchange, kiểm tra "
                        "chứng nhận phạm vi (SC) và hạn hiệu lực; mỗi lô hàng có chứng nhận giao dịch (TC).",
        certificate_hint_vi="Mã Textile Exchange (TE-…) hoặc số chứng nhận phạm vi"),
    "rcs": dict(
        issuing_body_vi="Textile Exchange, qua các tổ chức chứng nhận được phê duyệt",
        verify_howto_vi="Tra cứu doanh nghiệp trong cơ sở dữ liệu tổ chức được chứng nhận của Textile Exchange.",
        certificate_hint_vi="Mã Textile Exchange hoặc số chứng nhận phạm vi"),
    "iscc-plus": dict(
        issuing_body_vi="ISCC System GmbH, qua các tổ chức chứng nhận hợp tác",
        verify_howto_vi="Tra cứu số chứng nhận hoặc doanh nghiệp trong cơ sở dữ liệu chứng nhận ISCC.",
        certificate_hint_vi="Số chứng nhận, ví dụ EU-ISCC-Cert-DE123-45678901"),
    "ok-compost-industrial": dict(
        legal_basis_vi="EN 13432:2000.",
        issuing_body_vi="TÜV AUSTRIA Bỉ",
        verify_howto_vi="Tra cứu số chứng nhận (S…) trong cơ sở dữ liệu sản phẩm được chứng nhận của TÜV AUSTRIA.",
        certificate_hint_vi="Số chứng nhận, ví dụ S1234"),
    "ok-compost-home": dict(
        issuing_body_vi="TÜV AUSTRIA Bỉ",
        verify_howto_vi="Tra cứu số chứng nhận (S…) trong cơ sở dữ liệu sản phẩm được chứng nhận của TÜV AUSTRIA.",
        certificate_hint_vi="Số chứng nhận, ví dụ S1234"),
    "ok-biodegradable": dict(
        issuing_body_vi="TÜV AUSTRIA Bỉ",
        verify_howto_vi="Tra cứu số chứng nhận trong cơ sở dữ liệu sản phẩm được chứng nhận của TÜV AUSTRIA.",
        certificate_hint_vi="Số chứng nhận, ví dụ S1234"),
    "seedling": dict(
        legal_basis_vi="EN 13432:2000.",
        issuing_body_vi="European Bioplastics (chủ nhãn hiệu), chứng nhận bởi DIN CERTCO hoặc TÜV AUSTRIA",
        verify_howto_vi="Tra cứu số đăng ký trong cơ sở dữ liệu chứng nhận của DIN CERTCO (hoặc của TÜV AUSTRIA).",
        certificate_hint_vi="Số đăng ký, ví dụ 7W0123"),
    "bpi": dict(
        legal_basis_vi="ASTM D6400, ASTM D6868.",
        issuing_body_vi="Viện Sản phẩm Phân hủy sinh học (BPI, Bắc Mỹ)",
        verify_howto_vi="Tra cứu doanh nghiệp hoặc sản phẩm trong danh mục sản phẩm được chứng nhận của BPI.",
        certificate_hint_vi="Số chứng nhận BPI"),
    "energy-star": dict(
        issuing_body_vi="Cơ quan Bảo vệ Môi trường Hoa Kỳ (EPA)",
        verify_howto_vi="Tra cứu nhãn hiệu và số model trong ENERGY STAR Product Finder.",
        certificate_hint_vi="Mã ENERGY STAR Unique ID / số model"),
    "carbon-trust-footprint": dict(
        legal_basis_vi="PAS 2050; ISO 14067.",
        issuing_body_vi="Carbon Trust",
        verify_howto_vi="Đề nghị cung cấp giấy chứng nhận; Carbon Trust xác nhận số chứng nhận khi được yêu cầu.",
        certificate_hint_vi="Số chứng nhận"),
    "iso-14067": dict(
        legal_basis_vi="ISO 14067:2018.",
        issuing_body_vi="Các tổ chức thẩm tra được công nhận",
        verify_howto_vi="Kiểm tra tuyên bố thẩm tra và quyết định công nhận của tổ chức thẩm tra.",
        certificate_hint_vi="Số tuyên bố thẩm tra"),
    "fairtrade": dict(
        issuing_body_vi="Fairtrade International; chứng nhận bởi FLOCERT",
        verify_howto_vi="Tra cứu mã FLO ID hoặc tên doanh nghiệp trong mục tìm khách hàng của FLOCERT.",
        certificate_hint_vi="Mã FLO ID, ví dụ 12345"),
    "rainforest-alliance": dict(
        issuing_body_vi="Rainforest Alliance, qua các tổ chức chứng nhận được ủy quyền",
        verify_howto_vi="Tra cứu chủ chứng nhận trong mục tìm chứng nhận của Rainforest Alliance.",
        certificate_hint_vi="Số chứng nhận hoặc mã thành viên RA"),
    "iso-14001": dict(
        legal_basis_vi="ISO 14001:2015; TCVN ISO 14001:2015.",
        issuing_body_vi="Các tổ chức chứng nhận được công nhận (thành viên IAF; tại Việt Nam do BoA công nhận)",
        verify_howto_vi="Tra cứu doanh nghiệp hoặc số chứng nhận trên IAF CertSearch, hoặc hỏi tổ chức chứng nhận.",
        certificate_hint_vi="Số chứng nhận"),
}
