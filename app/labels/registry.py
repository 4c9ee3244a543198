"""The seeded label registry.

Sources: each scheme's own website (given in `website`) and, for Vietnamese schemes, the legal texts
named in `legal_basis`. Registry URLs and certificate-number formats were taken from the schemes'
public "find a certificate" pages; they move from time to time, so administrators can edit every
field at /admin/labels. The seeder only inserts labels that are missing (matched by `code`): it never
overwrites an administrator's edits.
"""
from __future__ import annotations

from ..extensions import db
from .models import Label, LabelKind, LabelScope

P, O, B = LabelScope.product, LabelScope.organisation, LabelScope.both

LABELS: list[dict] = [
    # ------------------------------------------------------------------ Vietnam
    dict(code="vn-ecolabel", kind=LabelKind.eco, scope=P, validity_months=36, sort_order=1,
         name_en="Vietnam Ecolabel (formerly Vietnam Green Label)",
         name_vi="Nhãn sinh thái Việt Nam (trước đây: Nhãn Xanh Việt Nam)",
         issuing_body="Ministry of Agriculture and Environment (Bộ Nông nghiệp và Môi trường); formerly the Vietnam "
                      "Environment Administration, Ministry of Natural Resources and Environment",
         website="https://mae.gov.vn",
         certifies_en="ISO 14024 Type I ecolabel: the product meets the published environmental criteria of its product "
                      "group over its life cycle, e.g. NSTVN-01:2023 eco-friendly plastic packaging (biodegradable or "
                      "recycled PE/PP; biodegradable packaging at least 90 % biodegraded within 2 years; no banned inks "
                      "or additives).",
         certifies_vi="Nhãn sinh thái loại I (ISO 14024): sản phẩm đáp ứng bộ tiêu chí môi trường của nhóm sản phẩm "
                      "trong suốt vòng đời, ví dụ NSTVN-01:2023 bao bì nhựa thân thiện môi trường (PE/PP phân huỷ sinh "
                      "học hoặc tái chế; bao bì phân huỷ sinh học ≥ 90 % trong 2 năm; không dùng mực, phụ gia bị cấm).",
         legal_basis="Law on Environmental Protection 2020, art. 145; Decree 08/2022/NĐ-CP; Circular 02/2022/TT-BTNMT "
                     "(earlier Circular 41/2013/TT-BTNMT); product-group criteria such as NSTVN-01:2023 "
                     "(Decision 3257/QĐ-BTNMT of 7 Nov 2023). Certificates are valid for 36 months.",
         verify_url="https://mae.gov.vn",
         verify_howto="No searchable public registry. The ministry publishes decisions granting the label (số quyết định, "
                      "product, company); ask the producer for the decision/certificate and check it with the ministry's "
                      "environment department.",
         certificate_hint="Certificate / decision number, e.g. 123/QĐ-BNNMT"),
    dict(code="vn-energy-label", kind=LabelKind.energy, scope=P, validity_months=None, sort_order=2,
         name_en="Vietnam Energy Label (comparative 1–5 stars, endorsement)",
         name_vi="Nhãn năng lượng Việt Nam (nhãn so sánh 1–5 sao, nhãn xác nhận)",
         issuing_body="Ministry of Industry and Trade (Bộ Công Thương), Department of Energy Efficiency and "
                      "Sustainable Development",
         website="https://tietkiemnangluong.com.vn",
         certifies_en="Energy performance tested against TCVN standards: the comparative label ranks appliances from 1 to "
                      "5 stars; the endorsement label marks the most efficient products.",
         certifies_vi="Hiệu suất năng lượng thử nghiệm theo TCVN: nhãn so sánh xếp hạng từ 1 đến 5 sao; nhãn xác nhận "
                      "dành cho sản phẩm hiệu suất cao nhất.",
         legal_basis="Law on Economical and Efficient Use of Energy 50/2010/QH12; Circular 36/2016/TT-BCT (energy "
                     "labelling); Decision 14/2023/QĐ-TTg (products subject to labelling and minimum efficiency).",
         verify_url="https://tietkiemnangluong.com.vn",
         verify_howto="Search the product model in the Ministry of Industry and Trade's list of registered energy labels "
                      "(danh sách sản phẩm dán nhãn năng lượng) on the national energy-efficiency portal.",
         certificate_hint="Energy-label registration number and model"),
    dict(code="vietgap", kind=LabelKind.agriculture, scope=B, validity_months=24, sort_order=3,
         name_en="VietGAP (Vietnamese Good Agricultural Practices)",
         name_vi="VietGAP (Thực hành nông nghiệp tốt Việt Nam)",
         issuing_body="Certification bodies designated by the Ministry of Agriculture and Environment",
         website="https://mae.gov.vn",
         certifies_en="Farm production follows Good Agricultural Practice for food safety, environment, worker health and "
                      "traceability (crops: TCVN 11892-1:2017; livestock and aquaculture: their VietGAP standards).",
         certifies_vi="Sản xuất theo thực hành nông nghiệp tốt: an toàn thực phẩm, môi trường, sức khoẻ người lao động "
                      "và truy xuất nguồn gốc (trồng trọt: TCVN 11892-1:2017).",
         legal_basis="Circular 48/2012/TT-BNNPTNT on VietGAP certification (as amended); TCVN 11892-1:2017.",
         verify_url="",
         verify_howto="Ask for the certificate and the certification body's name; the designated body confirms it. "
                      "Provincial agriculture departments publish lists of VietGAP-certified farms.",
         certificate_hint="Certificate number issued by the certification body, e.g. VietGAP-TT-12-34-56-0001"),
    dict(code="vn-organic", kind=LabelKind.organic, scope=B, validity_months=24, sort_order=4,
         name_en="Vietnamese organic standard TCVN 11041",
         name_vi="Nông nghiệp hữu cơ theo TCVN 11041",
         issuing_body="Certification bodies designated by the Ministry of Agriculture and Environment",
         website="https://mae.gov.vn",
         certifies_en="Organic production and processing per TCVN 11041-1:2017 (general) and its parts for crops, "
                      "livestock and processed products: no synthetic pesticides or fertilisers, no GMOs, conversion "
                      "period, separation and traceability.",
         certifies_vi="Sản xuất, chế biến hữu cơ theo TCVN 11041-1:2017 và các phần cho trồng trọt, chăn nuôi, chế biến: "
                      "không dùng thuốc BVTV, phân bón tổng hợp, không biến đổi gen; có thời gian chuyển đổi và truy xuất.",
         legal_basis="Decree 109/2018/NĐ-CP on organic agriculture; Circular 16/2019/TT-BNNPTNT; TCVN 11041 series.",
         verify_url="",
         verify_howto="Ask for the certificate and check it with the issuing certification body (its designation is "
                      "published by the ministry).",
         certificate_hint="Certificate number issued by the certification body"),
    dict(code="vfcs-pefc", kind=LabelKind.forestry, scope=B, validity_months=60, sort_order=5,
         name_en="Vietnam Forest Certification Scheme (VFCS/PEFC)",
         name_vi="Hệ thống chứng chỉ rừng Việt Nam (VFCS/PEFC)",
         issuing_body="Vietnam Forest Certification Office (VFCO); scheme endorsed by PEFC",
         website="https://vfcs.org.vn",
         certifies_en="Sustainable forest management and chain of custody of wood, bamboo and other forest products under "
                      "the national scheme, mutually recognised through PEFC endorsement.",
         certifies_vi="Quản lý rừng bền vững và chuỗi hành trình sản phẩm gỗ, tre và lâm sản theo hệ thống quốc gia, "
                      "được PEFC công nhận.",
         legal_basis="Decision 1288/QĐ-TTg (2018) approving the Vietnam forest certification scheme; Circular "
                     "28/2018/TT-BNNPTNT on sustainable forest management.",
         verify_url="https://www.pefc.org/find-certified",
         verify_howto="Search the certificate holder or number in PEFC's 'Find certified' database.",
         certificate_hint="PEFC/VFCS certificate number"),
    # ------------------------------------------------------------------ international Type I ecolabels
    dict(code="eu-ecolabel", kind=LabelKind.eco, scope=P, validity_months=None, sort_order=10,
         name_en="EU Ecolabel", name_vi="Nhãn sinh thái EU (EU Ecolabel)",
         issuing_body="European Commission and national competent bodies",
         website="https://environment.ec.europa.eu/topics/circular-economy/eu-ecolabel_en",
         certifies_en="ISO 14024 Type I ecolabel with life-cycle criteria per product group.",
         certifies_vi="Nhãn sinh thái loại I (ISO 14024) với tiêu chí vòng đời theo nhóm sản phẩm.",
         legal_basis="Regulation (EC) No 66/2010.",
         verify_url="https://eu-ecolabel.ec.europa.eu/eu-ecolabel-products-and-services",
         verify_howto="Search the licence number or company in the EU Ecolabel product catalogue (ECAT).",
         certificate_hint="Licence number, e.g. DE/020/012"),
    dict(code="nordic-swan", kind=LabelKind.eco, scope=P, validity_months=None, sort_order=11,
         name_en="Nordic Swan Ecolabel", name_vi="Nhãn Thiên nga Bắc Âu (Nordic Swan Ecolabel)",
         issuing_body="Nordic Ecolabelling",
         website="https://www.nordic-swan-ecolabel.org",
         certifies_en="Official Nordic Type I ecolabel with life-cycle criteria per product group.",
         certifies_vi="Nhãn sinh thái loại I chính thức của các nước Bắc Âu, tiêu chí theo vòng đời sản phẩm.",
         legal_basis="",
         verify_url="https://www.nordic-swan-ecolabel.org",
         verify_howto="Use 'Find Nordic Swan Ecolabelled products' on the scheme's website with the licence number.",
         certificate_hint="Licence number, e.g. 3099 0123"),
    dict(code="blue-angel", kind=LabelKind.eco, scope=P, validity_months=None, sort_order=12,
         name_en="Blue Angel (Blauer Engel)", name_vi="Thiên thần xanh (Blauer Engel)",
         issuing_body="German Federal Environment Ministry, German Environment Agency (UBA) and RAL gGmbH",
         website="https://www.blauer-engel.de/en",
         certifies_en="German government Type I ecolabel; criteria per product group (e.g. recycled paper DE-UZ 14a).",
         certifies_vi="Nhãn sinh thái loại I của Chính phủ Đức; tiêu chí theo nhóm sản phẩm (vd. giấy tái chế DE-UZ 14a).",
         legal_basis="",
         verify_url="https://www.blauer-engel.de/en/products",
         verify_howto="Search the product or company on the Blue Angel product search.",
         certificate_hint="Contract number and criteria (DE-UZ …)"),
    dict(code="c2c", kind=LabelKind.eco, scope=P, validity_months=24, sort_order=13,
         name_en="Cradle to Cradle Certified", name_vi="Chứng nhận Cradle to Cradle",
         issuing_body="Cradle to Cradle Products Innovation Institute",
         website="https://c2ccertified.org",
         certifies_en="Material health, product circularity, clean air and climate protection, water and soil "
                      "stewardship, social fairness (levels Bronze to Platinum).",
         certifies_vi="An toàn vật liệu, tuần hoàn, không khí sạch và khí hậu, nước và đất, công bằng xã hội "
                      "(cấp Đồng đến Bạch kim).",
         legal_basis="",
         verify_url="https://c2ccertified.org/certified-products",
         verify_howto="Search the company or product in the Certified Products Registry.",
         certificate_hint="Certificate number from the registry"),
    # ------------------------------------------------------------------ organic
    dict(code="eu-organic", kind=LabelKind.organic, scope=B, validity_months=12, sort_order=20,
         name_en="EU organic (Euro-leaf)", name_vi="Hữu cơ EU (lá Euro)",
         issuing_body="Control bodies recognised by the European Commission",
         website="https://agriculture.ec.europa.eu/farming/organic-farming_en",
         certifies_en="Production and import of organic products per EU organic rules.",
         certifies_vi="Sản xuất và nhập khẩu sản phẩm hữu cơ theo quy định hữu cơ của EU.",
         legal_basis="Regulation (EU) 2018/848.",
         verify_url="https://webgate.ec.europa.eu/tracesnt/directory/publication/organic-operator/index",
         verify_howto="Search the operator's certificate in the TRACES organic operator directory.",
         certificate_hint="Certificate number, e.g. VN-BIO-149.001-0001234.2025.001"),
    dict(code="usda-organic", kind=LabelKind.organic, scope=B, validity_months=12, sort_order=21,
         name_en="USDA Organic", name_vi="Hữu cơ USDA",
         issuing_body="USDA Agricultural Marketing Service, National Organic Program (through accredited certifiers)",
         website="https://www.ams.usda.gov/about-ams/programs-offices/national-organic-program",
         certifies_en="Organic production and handling per the USDA organic regulations (7 CFR Part 205).",
         certifies_vi="Sản xuất, sơ chế hữu cơ theo quy định hữu cơ của USDA (7 CFR Part 205).",
         legal_basis="7 CFR Part 205.",
         verify_url="https://organic.ams.usda.gov/integrity/",
         verify_howto="Search the operation in the USDA Organic Integrity Database.",
         certificate_hint="Operation ID / certificate number"),
    dict(code="jas-organic", kind=LabelKind.organic, scope=B, validity_months=12, sort_order=22,
         name_en="JAS Organic (Japan)", name_vi="Hữu cơ JAS (Nhật Bản)",
         issuing_body="Ministry of Agriculture, Forestry and Fisheries of Japan (MAFF), through registered certification bodies",
         website="https://www.maff.go.jp/e/policies/standard/jas/",
         certifies_en="Organic production per the Japanese Agricultural Standards for organic products.",
         certifies_vi="Sản xuất hữu cơ theo Tiêu chuẩn Nông nghiệp Nhật Bản (JAS) cho sản phẩm hữu cơ.",
         legal_basis="Japanese Agricultural Standards (JAS Act).",
         verify_url="https://www.maff.go.jp/e/policies/standard/jas/",
         verify_howto="Ask for the certificate and confirm it with the registered certification body listed by MAFF.",
         certificate_hint="Certified operator number"),
    dict(code="gots", kind=LabelKind.organic, scope=B, validity_months=12, sort_order=23,
         name_en="Global Organic Textile Standard (GOTS)", name_vi="Tiêu chuẩn dệt may hữu cơ toàn cầu (GOTS)",
         issuing_body="Global Standard gGmbH (GOTS), through approved certification bodies",
         website="https://global-standard.org",
         certifies_en="Textiles with at least 70 % certified organic fibres, processed under environmental and social criteria.",
         certifies_vi="Hàng dệt có ít nhất 70 % xơ hữu cơ được chứng nhận, chế biến theo tiêu chí môi trường và xã hội.",
         legal_basis="",
         verify_url="https://global-standard.org/find-suppliers-shops-and-inputs/certified-suppliers",
         verify_howto="Search the supplier or licence number in the GOTS certified suppliers database.",
         certificate_hint="GOTS licence number and scope certificate number"),
    # ------------------------------------------------------------------ agriculture / aquaculture practice
    dict(code="globalgap", kind=LabelKind.agriculture, scope=B, validity_months=12, sort_order=30,
         name_en="GLOBALG.A.P.", name_vi="GLOBALG.A.P.",
         issuing_body="FoodPLUS GmbH (GLOBALG.A.P.), through approved certification bodies",
         website="https://www.globalgap.org",
         certifies_en="Good agricultural and aquaculture practice: food safety, environment, worker welfare, traceability.",
         certifies_vi="Thực hành nông nghiệp, nuôi trồng thuỷ sản tốt: an toàn thực phẩm, môi trường, người lao động, truy xuất.",
         legal_basis="",
         verify_url="https://database.globalgap.org",
         verify_howto="Search the 13-digit GGN in the GLOBALG.A.P. database.",
         certificate_hint="GGN (13 digits)"),
    dict(code="asc", kind=LabelKind.agriculture, scope=B, validity_months=36, sort_order=31,
         name_en="ASC (Aquaculture Stewardship Council)", name_vi="ASC (Hội đồng Quản lý Nuôi trồng Thuỷ sản)",
         issuing_body="Aquaculture Stewardship Council, through accredited certification bodies",
         website="https://asc-aqua.org",
         certifies_en="Responsibly farmed seafood (e.g. pangasius, shrimp): environmental and social farm standards.",
         certifies_vi="Thuỷ sản nuôi có trách nhiệm (vd. cá tra, tôm): tiêu chuẩn môi trường và xã hội tại trại nuôi.",
         legal_basis="",
         verify_url="https://asc-aqua.org/find-a-farm/",
         verify_howto="Search the farm in ASC's 'Find a farm'; chain-of-custody codes (ASC-C-…) are on the MSC/ASC CoC register.",
         certificate_hint="ASC certificate or CoC code, e.g. ASC-C-01234"),
    # ------------------------------------------------------------------ forestry
    dict(code="fsc", kind=LabelKind.forestry, scope=B, validity_months=60, sort_order=40,
         name_en="FSC (Forest Stewardship Council)", name_vi="FSC (Hội đồng Quản lý Rừng)",
         issuing_body="Forest Stewardship Council, through accredited certification bodies (ASI accreditation)",
         website="https://fsc.org",
         certifies_en="Responsible forest management (FM) and chain of custody (CoC) for wood, paper and bamboo products; "
                      "labels FSC 100 %, FSC Mix, FSC Recycled.",
         certifies_vi="Quản lý rừng có trách nhiệm (FM) và chuỗi hành trình (CoC) cho gỗ, giấy, tre; nhãn FSC 100 %, "
                      "FSC Mix, FSC Recycled.",
         legal_basis="",
         verify_url="https://search.fsc.org",
         verify_howto="Search the licence code (FSC-C……) or certificate code in the FSC certificate database "
                      "(formerly info.fsc.org) and check status 'Valid' and the product scope.",
         certificate_hint="Licence code FSC-C123456 or certificate code, e.g. SCS-COC-001234"),
    dict(code="pefc", kind=LabelKind.forestry, scope=B, validity_months=60, sort_order=41,
         name_en="PEFC", name_vi="PEFC (Chương trình chứng thực chứng chỉ rừng)",
         issuing_body="Programme for the Endorsement of Forest Certification, through accredited certification bodies",
         website="https://pefc.org",
         certifies_en="Sustainable forest management and chain of custody of forest-based products.",
         certifies_vi="Quản lý rừng bền vững và chuỗi hành trình sản phẩm từ rừng.",
         legal_basis="",
         verify_url="https://www.pefc.org/find-certified",
         verify_howto="Search the company or certificate number in PEFC's 'Find certified' database.",
         certificate_hint="Certificate number, e.g. PEFC/07-31-123"),
    # ------------------------------------------------------------------ recycled content
    dict(code="grs", kind=LabelKind.recycled, scope=B, validity_months=12, sort_order=50,
         name_en="Global Recycled Standard (GRS)", name_vi="Tiêu chuẩn tái chế toàn cầu (GRS)",
         issuing_body="Textile Exchange, through approved certification bodies",
         website="https://textileexchange.org/global-recycled-standard/",
         certifies_en="Verified recycled content (at least 20 % for certified products, 50 % to carry the logo) with "
                      "chain of custody, plus social, environmental and chemical requirements.",
         certifies_vi="Hàm lượng tái chế được xác minh (≥ 20 % để được chứng nhận, ≥ 50 % để dùng logo), có chuỗi hành "
                      "trình và yêu cầu xã hội, môi trường, hoá chất.",
         legal_basis="",
         verify_url="https://textileexchange.org/find-certified-company/",
         verify_howto="Search the company in Textile Exchange's certified-organisation database and check the scope "
                      "certificate (SC) and its expiry; each shipment has a transaction certificate (TC).",
         certificate_hint="Textile Exchange ID (TE-…) or scope certificate number"),
    dict(code="rcs", kind=LabelKind.recycled, scope=B, validity_months=12, sort_order=51,
         name_en="Recycled Claim Standard (RCS)", name_vi="Tiêu chuẩn công bố tái chế (RCS)",
         issuing_body="Textile Exchange, through approved certification bodies",
         website="https://textileexchange.org/recycled-claim-standard/",
         certifies_en="Chain of custody of recycled input material (at least 5 % recycled content).",
         certifies_vi="Chuỗi hành trình của nguyên liệu tái chế (hàm lượng tái chế ≥ 5 %).",
         legal_basis="",
         verify_url="https://textileexchange.org/find-certified-company/",
         verify_howto="Search the company in Textile Exchange's certified-organisation database.",
         certificate_hint="Textile Exchange ID or scope certificate number"),
    dict(code="iscc-plus", kind=LabelKind.recycled, scope=B, validity_months=12, sort_order=52,
         name_en="ISCC PLUS", name_vi="ISCC PLUS",
         issuing_body="ISCC System GmbH, through cooperating certification bodies",
         website="https://www.iscc-system.org",
         certifies_en="Traceability of recycled and bio-based content through the supply chain (mass balance).",
         certifies_vi="Truy xuất hàm lượng tái chế và nguồn gốc sinh học trong chuỗi cung ứng (cân bằng khối lượng).",
         legal_basis="",
         verify_url="https://www.iscc-system.org/certification/certificate-database/",
         verify_howto="Search the certificate number or company in the ISCC certificate database.",
         certificate_hint="Certificate number, e.g. EU-ISCC-Cert-DE123-45678901"),
    # ------------------------------------------------------------------ compostable / biodegradable
    dict(code="ok-compost-industrial", kind=LabelKind.compostable, scope=P, validity_months=None, sort_order=60,
         name_en="OK compost INDUSTRIAL (TÜV AUSTRIA)", name_vi="OK compost INDUSTRIAL (TÜV AUSTRIA)",
         issuing_body="TÜV AUSTRIA Belgium",
         website="https://www.tuv-at.be/green-marks/",
         certifies_en="Compostable in an industrial composting plant per EN 13432.",
         certifies_vi="Phân huỷ được trong nhà máy ủ phân công nghiệp theo EN 13432.",
         legal_basis="EN 13432:2000.",
         verify_url="https://www.tuv-at.be/green-marks/certified-products/",
         verify_howto="Search the certificate number (S…) in TÜV AUSTRIA's certified products database.",
         certificate_hint="Certificate number, e.g. S1234"),
    dict(code="ok-compost-home", kind=LabelKind.compostable, scope=P, validity_months=None, sort_order=61,
         name_en="OK compost HOME (TÜV AUSTRIA)", name_vi="OK compost HOME (TÜV AUSTRIA)",
         issuing_body="TÜV AUSTRIA Belgium",
         website="https://www.tuv-at.be/green-marks/",
         certifies_en="Compostable in a home compost heap at ambient temperature.",
         certifies_vi="Phân huỷ được trong đống ủ phân gia đình ở nhiệt độ thường.",
         legal_basis="",
         verify_url="https://www.tuv-at.be/green-marks/certified-products/",
         verify_howto="Search the certificate number (S…) in TÜV AUSTRIA's certified products database.",
         certificate_hint="Certificate number, e.g. S1234"),
    dict(code="ok-biodegradable", kind=LabelKind.compostable, scope=P, validity_months=None, sort_order=62,
         name_en="OK biodegradable SOIL / WATER / MARINE (TÜV AUSTRIA)",
         name_vi="OK biodegradable SOIL / WATER / MARINE (TÜV AUSTRIA)",
         issuing_body="TÜV AUSTRIA Belgium",
         website="https://www.tuv-at.be/green-marks/",
         certifies_en="Biodegrades in soil, fresh water or sea water (the certificate names the environment).",
         certifies_vi="Phân huỷ sinh học trong đất, nước ngọt hoặc nước biển (chứng nhận ghi rõ môi trường).",
         legal_basis="",
         verify_url="https://www.tuv-at.be/green-marks/certified-products/",
         verify_howto="Search the certificate number in TÜV AUSTRIA's certified products database.",
         certificate_hint="Certificate number, e.g. S1234"),
    dict(code="seedling", kind=LabelKind.compostable, scope=P, validity_months=None, sort_order=63,
         name_en="Seedling (EN 13432 compostable)", name_vi="Seedling (phân huỷ theo EN 13432)",
         issuing_body="European Bioplastics (trademark), certified by DIN CERTCO or TÜV AUSTRIA",
         website="https://www.european-bioplastics.org",
         certifies_en="Industrially compostable packaging per EN 13432.",
         certifies_vi="Bao bì phân huỷ trong điều kiện ủ công nghiệp theo EN 13432.",
         legal_basis="EN 13432:2000.",
         verify_url="https://www.dincertco.de",
         verify_howto="Search the registration number in DIN CERTCO's certificate database (or TÜV AUSTRIA's).",
         certificate_hint="Registration number, e.g. 7W0123"),
    dict(code="bpi", kind=LabelKind.compostable, scope=P, validity_months=36, sort_order=64,
         name_en="BPI Certified Compostable", name_vi="Chứng nhận phân huỷ BPI",
         issuing_body="Biodegradable Products Institute (North America)",
         website="https://bpiworld.org",
         certifies_en="Compostable in commercial composting per ASTM D6400 / D6868, with PFAS limits.",
         certifies_vi="Phân huỷ trong cơ sở ủ thương mại theo ASTM D6400 / D6868, có giới hạn PFAS.",
         legal_basis="ASTM D6400, ASTM D6868.",
         verify_url="https://products.bpiworld.org",
         verify_howto="Search the company or product in BPI's certified product catalogue.",
         certificate_hint="BPI certification number"),
    # ------------------------------------------------------------------ energy
    dict(code="energy-star", kind=LabelKind.energy, scope=P, validity_months=None, sort_order=70,
         name_en="ENERGY STAR", name_vi="ENERGY STAR",
         issuing_body="U.S. Environmental Protection Agency (EPA)",
         website="https://www.energystar.gov",
         certifies_en="Energy efficiency in the top tier of its product category, third-party certified.",
         certifies_vi="Hiệu suất năng lượng thuộc nhóm cao nhất của chủng loại, chứng nhận bởi bên thứ ba.",
         legal_basis="",
         verify_url="https://www.energystar.gov/productfinder/",
         verify_howto="Search the brand and model number in the ENERGY STAR Product Finder.",
         certificate_hint="ENERGY STAR Unique ID / model number"),
    # ------------------------------------------------------------------ carbon
    dict(code="carbon-trust-footprint", kind=LabelKind.carbon, scope=P, validity_months=24, sort_order=80,
         name_en="Carbon Trust Product Carbon Footprint label", name_vi="Nhãn dấu chân carbon sản phẩm (Carbon Trust)",
         issuing_body="Carbon Trust",
         website="https://www.carbontrust.com",
         certifies_en="The product's life-cycle greenhouse-gas footprint was measured per PAS 2050 / ISO 14067 and "
                      "certified; 'reducing' variants require a reduction over time.",
         certifies_vi="Dấu chân khí nhà kính theo vòng đời sản phẩm được đo theo PAS 2050 / ISO 14067 và chứng nhận; "
                      "biến thể 'reducing' yêu cầu giảm phát thải theo thời gian.",
         legal_basis="PAS 2050; ISO 14067.",
         verify_url="https://www.carbontrust.com",
         verify_howto="Ask for the certificate; the Carbon Trust confirms certificate numbers on request.",
         certificate_hint="Certificate number"),
    dict(code="iso-14067", kind=LabelKind.carbon, scope=P, validity_months=36, sort_order=81,
         name_en="Verified product carbon footprint (ISO 14067)", name_vi="Dấu chân carbon sản phẩm đã thẩm định (ISO 14067)",
         issuing_body="Accredited verification bodies",
         website="https://www.iso.org/standard/71206.html",
         certifies_en="A product carbon footprint calculated per ISO 14067:2018 and verified by an independent body.",
         certifies_vi="Dấu chân carbon sản phẩm tính theo ISO 14067:2018, được bên độc lập thẩm định.",
         legal_basis="ISO 14067:2018.",
         verify_url="",
         verify_howto="Check the verification statement and the verifier's accreditation.",
         certificate_hint="Verification statement number"),
    # ------------------------------------------------------------------ social
    dict(code="fairtrade", kind=LabelKind.social, scope=B, validity_months=36, sort_order=90,
         name_en="Fairtrade", name_vi="Thương mại công bằng (Fairtrade)",
         issuing_body="Fairtrade International; certification by FLOCERT",
         website="https://www.fairtrade.net",
         certifies_en="Fairtrade minimum price and premium for producers, labour and environmental standards.",
         certifies_vi="Giá tối thiểu và khoản thưởng Fairtrade cho người sản xuất, tiêu chuẩn lao động và môi trường.",
         legal_basis="",
         verify_url="https://www.flocert.net/about-flocert/customer-search/",
         verify_howto="Search the FLO ID or company name in FLOCERT's customer search.",
         certificate_hint="FLO ID, e.g. 12345"),
    dict(code="rainforest-alliance", kind=LabelKind.social, scope=B, validity_months=36, sort_order=91,
         name_en="Rainforest Alliance Certified", name_vi="Chứng nhận Rainforest Alliance",
         issuing_body="Rainforest Alliance, through authorised certification bodies",
         website="https://www.rainforest-alliance.org",
         certifies_en="Sustainable agriculture standard: forests, climate, human rights and livelihoods (e.g. coffee, tea).",
         certifies_vi="Tiêu chuẩn nông nghiệp bền vững: rừng, khí hậu, quyền con người, sinh kế (vd. cà phê, chè).",
         legal_basis="",
         verify_url="https://www.rainforest-alliance.org/business/certification/certificate-search-and-public-summary-reports/",
         verify_howto="Search the certificate holder in the Rainforest Alliance certificate search.",
         certificate_hint="Certificate or RA member ID"),
    # ------------------------------------------------------------------ management systems (organisation level)
    dict(code="iso-14001", kind=LabelKind.management, scope=O, validity_months=36, sort_order=100,
         name_en="ISO 14001 environmental management system", name_vi="Hệ thống quản lý môi trường ISO 14001",
         issuing_body="Accredited certification bodies (IAF members; in Vietnam accredited by BoA)",
         website="https://www.iso.org/iso-14001-environmental-management.html",
         certifies_en="The organisation runs a certified environmental management system (ISO 14001:2015).",
         certifies_vi="Tổ chức vận hành hệ thống quản lý môi trường được chứng nhận (ISO 14001:2015).",
         legal_basis="ISO 14001:2015; TCVN ISO 14001:2015.",
         verify_url="https://www.iafcertsearch.org",
         verify_howto="Search the company or certificate number on IAF CertSearch, or ask the certification body.",
         certificate_hint="Certificate number"),
]


def seed_labels() -> None:
    """Insert the labels that are missing; never overwrite existing texts (admins may have edited them) —
    only a Vietnamese text that is still empty is filled from registry_vi."""
    from .registry_vi import VI

    existing = {label.code: label for label in db.session.scalars(db.select(Label))}
    for row in LABELS:
        vi = VI.get(row["code"], {})
        label = existing.get(row["code"])
        if label is None:
            db.session.add(Label(**row, **vi))
            continue
        for field, text in vi.items():
            if not getattr(label, field):
                setattr(label, field, text)
    db.session.flush()
