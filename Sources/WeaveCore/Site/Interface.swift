import Foundation

/// The words weave itself puts on pages (navigation, labels such as "Figure 3.2", page titles), in the
/// language of the edition being built. Written in English in the code, as gettext does: `ui("Glossary")`,
/// `ui("Figure %@", "3.2")`; a language with a table gets its words, any other gets English.
struct Interface: Sendable {
    var language: String
    private var table: [String: String]

    init(language: String) {
        self.language = language
        table = language.lowercased().hasPrefix("zh") ? Self.chinese : [:]
    }

    var isEnglish: Bool { table.isEmpty }

    func callAsFunction(_ english: String, _ arguments: String...) -> String {
        var text = table[english] ?? english
        // Each argument fills the next `%@` after the previous one (an argument may itself contain "%@").
        var searchFrom = text.startIndex
        for argument in arguments {
            guard let range = text.range(of: "%@", range: searchFrom..<text.endIndex) else { break }
            let offset = text.distance(from: text.startIndex, to: range.lowerBound) + argument.count
            text.replaceSubrange(range, with: argument)
            searchFrom = text.index(text.startIndex, offsetBy: offset)
        }
        return text
    }

    /// The name of a language, in that language (for the edition switcher).
    static func name(of language: String) -> String {
        let tag = language.lowercased()
        if tag.hasPrefix("zh") { return "中文" }
        if tag.hasPrefix("en") { return "English" }
        return language
    }

    static let chinese: [String: String] = [
        // Navigation and the page layout
        "Skip to content": "跳到正文",
        "Switch between dark and light": "切换深色与浅色",
        "Dark or light": "深色或浅色",
        "Show the chapters": "显示章节",
        "Search…": "搜索…",
        "Search the book": "搜索本书",
        "Glossary": "术语表",
        "Bibliography": "参考文献",
        "Build report": "构建报告",
        "Whole book (print)": "全书（打印）",
        "Languages": "语言",
        "← Previous": "← 上一章",
        "Next →": "下一章 →",
        "Previous and next chapter": "上一章与下一章",
        "Contents": "目录",
        "Link to this section": "链接到本节",
        "Link to this term": "链接到本术语",
        // Labels
        "Figure %@": "图 %@",
        "Equation (%@)": "式 (%@)",
        "Exercise %@": "练习 %@",
        "Experiment %@": "实验 %@",
        "Chapter %@": "第 %@ 章",
        "Solution": "解答",
        "Note": "注",
        "Tip": "提示",
        "Warning": "警告",
        "Important": "重要",
        "Caution": "注意",
        "References": "参考文献",
        "Show code": "显示代码",
        "problem %@": "问题 %@",
        "This block failed, as expected.": "此代码块按预期失败。",
        "Output cut: %@ printed here are not shown": "输出已截断：此处有 %@ 未显示",
        "; the end follows": "；以下是结尾",
        "Not yet translated: shown in English": "尚未翻译：以英文显示",
        // The index page
        "Every number and figure in this book was computed by the code shown with it, when the site was built: %@ chapters, %@ code blocks run, %@ figures.":
            "本书的每个数字和每张图都由与之一同展示的代码在构建网站时计算得出：共 %@ 章，运行了 %@ 个代码块，%@ 张图。",
        "See also %@.": "另见%@。",
        "the glossary": "术语表",
        "the bibliography": "参考文献",
        "the build report: how long each chapter and block took, and what came from the cache": "构建报告：每章和每个代码块的耗时，以及哪些结果来自缓存",
        ", and ": "，以及",
        ", ": "、",
        // The search page
        "Search": "搜索",
        "Search prose, code and outputs": "搜索正文、代码和输出",
        "Search needs JavaScript.": "搜索需要 JavaScript。",
        // The glossary and bibliography pages
        "%@ terms, each with the places the book uses it.": "共 %@ 个术语，并列出本书使用每个术语的位置。",
        "Also written: %@.": "其他写法：%@。",
        "No chapter links this term yet.": "尚无章节链接此术语。",
        "%@ works cited, each with the places the book cites it.": "共引用 %@ 篇文献，并列出本书引用每篇文献的位置。",
        "Cited in %@.": "引用于：%@。",
        // The build report
        "Built %@. 1 chapter: %@ ran, %@ from the cache; %@ s spent on chapters.":
            "构建于 %@。共 1 章：%@ 章运行，%@ 章来自缓存；各章共耗时 %@ 秒。",
        "Built %@. %@ chapters: %@ ran, %@ from the cache; %@ s spent on chapters.":
            "构建于 %@。共 %@ 章：%@ 章运行，%@ 章来自缓存；各章共耗时 %@ 秒。",
        "Times are measurements of the machine that built the site. A cached chapter shows the block times of the run that made its results.":
            "时间均在构建本网站的机器上测得。来自缓存的章节显示的是产生其结果的那次运行中各代码块的耗时。",
        "No chapter report was given to the site writer.": "网站生成器没有收到任何章节报告。",
        "Chapter": "章节",
        "State": "状态",
        "Why": "原因",
        "Blocks": "代码块",
        "Compile": "编译",
        "Run": "运行",
        "This build": "本次构建",
        "Block": "代码块",
        "Line": "行",
        "Time": "耗时",
        "Output": "输出",
        "Status": "结果",
        "Figures": "图",
        "ran": "已运行",
        "cached": "缓存",
        "failed": "失败",
        "unchanged": "未改动",
        "no code": "无代码",
        "not cached": "无缓存",
        "code changed": "代码已改动",
        "engine changed": "引擎已改动",
        "OpenBLAS settings changed": "OpenBLAS 设置已改动",
        "compiler flags changed": "编译选项已改动",
        "cache entry was damaged; rebuilt": "缓存条目已损坏，已重建",
        "--fresh": "--fresh（强制重新运行）",
        "check runs everything": "check 会运行全部代码",
        "ran (%@) in %@.": "已运行（%@），耗时 %@。",
        "no code to run.": "没有要运行的代码。",
        "results from the cache (code, engine and toolchain unchanged).": "结果来自缓存（代码、引擎和工具链均未改动）。",
        "failed.": "失败。",
        "The chapter's program left 1 process running when it ended; weave stopped it.":
            "本章程序结束时留下了 1 个仍在运行的进程；weave 已将其终止。",
        "The chapter's program left %@ processes running when it ended; weave stopped them.":
            "本章程序结束时留下了 %@ 个仍在运行的进程；weave 已将其全部终止。",
        " (cut)": "（已截断）",
        "%@ bytes": "%@ 字节",
        "ok": "成功",
        "ok, output hidden": "成功，输出已隐藏",
        "failed, as expected": "按预期失败",
        "not run": "未运行",
        "Machine": "机器",
        "CPU: %@, 1 core": "CPU：%@，1 个核心",
        "CPU: %@, %@ cores": "CPU：%@，%@ 个核心",
        "Compiler: %@; chapter programs compiled with %@": "编译器：%@；章节程序的编译选项为 %@",
        "Libraries: %@": "库：%@",
        "OpenBLAS kernels: %@": "OpenBLAS 内核：%@",
        " — a generic fallback: this OpenBLAS does not recognise the CPU, so its gemm runs several times slower than the CPU allows (set %@ to choose kernels)":
            "——这是通用的后备内核：此版本的 OpenBLAS 不认识该 CPU，因此其 gemm 比该 CPU 应有的速度慢数倍（可设置 %@ 来选择内核）",
        "Environment: %@": "环境变量：%@",
        // The print page
        "%@ chapters; every number and figure computed by the %@ code blocks shown, when this book was built.":
            "共 %@ 章；每个数字和每张图都由书中展示的 %@ 个代码块在构建本书时计算得出。",
    ]
}
